package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.identity.Directory;
import io.zeta.identity.RoleDirectory;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true,
    description = {"Remove a role; refused while it has instances (installed, or removed with data kept). Role shared stays. "
        + "Asks for confirmation on a terminal; scripts give --yes.",
        "With a directory also its groups and service user; refused while people are members (zeta role members remove)."})
final class RoleRemoveCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE", description = "Role name.")
  String role;

  @Mixin
  YesOption yes;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    Names.role(role);
    try (Cluster cluster = cluster()) {
      Optional<Directory> directory = ClusterDirectory.open(cluster);
      try {
        // A remove that stopped between the tree and the directory left only accounts: finish it.
        boolean onlyAccounts = !cluster.roles().exists(role) && directory.isPresent() && hasAccounts(directory.get());
        // Refusals that need no answer come first: an unknown role, role shared.
        if (!Names.SHARED_ROLE.equals(role)) {
          if (!cluster.roles().exists(role) && !onlyAccounts) {
            throw new ZetaException("unknown role '" + role + "'", "see `zeta role list`", null);
          }
          // Who may is asked before the question: a refused user is not asked to confirm.
          reading(cluster, role, () -> {
            cluster.access().require(io.zeta.cluster.Access.Action.ROLE_REMOVE, role);
            return null;
          });
          if (!onlyAccounts) {
            // Nobody is asked about a removal that cannot happen (instances in the role).
            cluster.roles().requireRemovable(role, cluster.index());
          }
          if (!Confirmation.ask(env(), "Remove role " + role + " and its empty directories"
              + (directory.isPresent() ? " and its accounts in the directory?" : "?"), yes.yes)) {
            err().println("zeta: role " + role + " was not removed");
            return Main.EXIT_ERROR;
          }
        }
        audited(cluster, role, () -> {
          cluster.access().require(io.zeta.cluster.Access.Action.ROLE_REMOVE, role);
          if (directory.isPresent()) {
            // Before anything is removed: people still in the role's groups keep it.
            new RoleDirectory(directory.get(), cluster.roles()).requireNoMembers(role);
          }
          if (onlyAccounts) {
            directory.get().removeRole(role);
            return null;
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
      if (structured()) {
        print(result(role).put("role", role).put("enforced", directory.isPresent()));
        return 0;
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
