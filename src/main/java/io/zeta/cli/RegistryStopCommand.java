package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.images.EmbeddedRegistry;
import picocli.CommandLine.Command;

@Command(name = "stop", mixinStandardHelpOptions = true,
    description = {"Stop the embedded registry (SIGTERM, SIGKILL after 10 s) and record it stopped. Its images stay; "
        + "staging copies no image while it is stopped."})
final class RegistryStopCommand extends Subcommand {
  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      EmbeddedRegistry registry = new EmbeddedRegistry(cluster, env().home().resolve("logs"));
      EmbeddedRegistry.Status s = audited(cluster, cluster.name(), registry::stop);
      if (structured()) {
        print(RegistryStatusView.describe(cluster, s, result(cluster.name())));
        return 0;
      }
      out().println(Output.safe(RegistryStatusView.line(cluster, s)));
      return 0;
    }
  }
}
