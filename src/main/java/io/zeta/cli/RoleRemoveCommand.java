package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove a role; refused while it has instances (installed, or removed with data kept). Role shared stays. "
        + "Asks for confirmation on a terminal; scripts give --yes.")
final class RoleRemoveCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE", description = "Role name.")
  String role;

  @Option(names = {"-y", "--yes"}, description = "Remove without asking.")
  boolean yes;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    Names.role(role);
    try (Cluster cluster = cluster()) {
      // Refusals that need no answer come first: an unknown role, role shared.
      if (!Names.SHARED_ROLE.equals(role)) {
        if (!cluster.roles().exists(role)) {
          throw new io.zeta.ZetaException("unknown role '" + role + "'", "see `zeta role list`", null);
        }
        if (!Confirmation.ask(env(), "Remove role " + role + " and its empty directories?", yes)) {
          err().println("zeta: role " + role + " was not removed");
          return Main.EXIT_ERROR;
        }
      }
      audited(cluster, role, () -> {
        cluster.roles().remove(role, cluster.index());
        return null;
      });
      out().println("Removed role " + role + ".");
      return 0;
    }
  }
}
