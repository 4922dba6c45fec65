package io.zeta.cli;

import io.zeta.cluster.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove a role; refused while it has instances (installed, or removed with data kept). Role shared stays.")
final class RoleRemoveCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE", description = "Role name.")
  String role;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      audited(cluster, role, () -> {
        cluster.roles().remove(role, cluster.index());
        return null;
      });
      if (structured()) {
        print(result(role).put("role", role));
        return 0;
      }
      out().println("Removed role " + role + ".");
      return 0;
    }
  }
}
