package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.identity.Directory;
import io.zeta.identity.RoleDirectory;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true,
    description = {"Remove a role; refused while it has instances (installed, or removed with data kept). Role shared stays.",
        "With a directory also its groups and service user; refused while people are members (zeta role members remove)."})
final class RoleRemoveCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE", description = "Role name.")
  String role;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      Optional<Directory> directory = ClusterDirectory.open(cluster);
      try {
        audited(cluster, role, () -> {
          cluster.access().require(io.zeta.cluster.Access.Action.ROLE_REMOVE, role);
          if (directory.isPresent()) {
            io.zeta.cluster.Names.role(role);
            RoleDirectory rd = new RoleDirectory(directory.get(), cluster.roles());
            if (!cluster.roles().exists(role) && hasAccounts(directory.get())) {
              // A remove that stopped between the tree and the directory: finish it.
              rd.requireNoMembers(role);
              directory.get().removeRole(role);
              return null;
            }
            rd.requireNoMembers(role);
          }
          cluster.roles().remove(role, cluster.index());
          if (directory.isPresent()) {
            try {
              directory.get().removeRole(role);
            } catch (ZetaException e) {
              throw new ZetaException("role " + role + " was removed from the cluster, but not its accounts in the directory: "
                  + e.getMessage(), "run `zeta role remove " + role + "` again", e);
            }
          }
          return null;
        });
      } finally {
        ClusterDirectory.closeQuietly(directory);
      }
      out().println("Removed role " + role + (directory.isPresent() ? " and its accounts in the directory." : "."));
      return 0;
    }
  }

  private boolean hasAccounts(Directory d) throws java.io.IOException {
    if (d.user(Directory.serviceUser(role)).isPresent()) {
      return true;
    }
    for (String base : Directory.ROLE_BASES) {
      if (d.group(Directory.roleGroup(role, base)).isPresent()) {
        return true;
      }
    }
    return false;
  }
}
