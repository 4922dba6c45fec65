package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.images.EmbeddedRegistry;
import picocli.CommandLine.Command;

@Command(name = "start", mixinStandardHelpOptions = true,
    description = {"Start the embedded registry (docker-registry on 127.0.0.1, on the port of cluster.json or the one "
        + "it had, else an ephemeral one, kept from then on). A running registry is left as it is; one whose process "
        + "died is started again.", "Collects garbage (the blobs of images unstage deleted) before it serves."})
final class RegistryStartCommand extends Subcommand {
  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      EmbeddedRegistry registry = new EmbeddedRegistry(cluster, env().home().resolve("logs"));
      EmbeddedRegistry.Started started = audited(cluster, cluster.name(), registry::start);
      started.notes().forEach(n -> err().println("zeta: note: " + Output.safe(n)));
      if (structured()) {
        print(RegistryStatusView.describe(cluster, started.status(), result(cluster.name()).put("started", started.started())));
        return 0;
      }
      out().println(Output.safe((started.started() ? "Started. " : "Already running. ")
          + RegistryStatusView.line(cluster, started.status())));
      return 0;
    }
  }
}
