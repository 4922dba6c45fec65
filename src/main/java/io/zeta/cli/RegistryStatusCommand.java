package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.images.EmbeddedRegistry;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Say whether the cluster's registry runs: state running, stopped, stale (its process died; the "
        + "next start or stage starts it again) or not-configured; its address, pid and storage."})
final class RegistryStatusCommand extends Subcommand {
  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      EmbeddedRegistry.Status s = reading(cluster, cluster.name(),
          () -> new EmbeddedRegistry(cluster, env().home().resolve("logs")).status());
      if (structured()) {
        print(RegistryStatusView.describe(cluster, s, io.zeta.json.Json.object()));
        return 0;
      }
      out().println(Output.safe(RegistryStatusView.line(cluster, s)));
      return 0;
    }
  }
}
