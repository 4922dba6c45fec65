package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.RoleRecord;
import io.zeta.cluster.Roles;
import io.zeta.identity.Directories;
import io.zeta.identity.Directory;
import io.zeta.identity.RoleAccounts;
import io.zeta.identity.RoleDirectory;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true,
    description = {"Add a role: /<base>/<role> in apps, data, etl and zeta (owner: the admin user, group zeta<role><base>, "
        + "mode 0770) and zeta/kstore/env/env_<role>/.",
        "With a directory (zeta cluster set --ldap ...) also its accounts, as the original Zeta: groups zeta<role>{apps,data,etl,zeta} "
            + "at gids start+500000..+500003 and the service user zetasvc<role> at uid start; the start is the next free million "
            + "(shared: 1000000) unless --uid-start. Adding an existing role again makes sure its accounts exist."})
final class RoleAddCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE", description = "Role name: ^[a-z][a-z0-9]*$.")
  String role;

  @Option(names = "--uid-start", paramLabel = "N",
      description = "First uid of the role's range (users N..N+499999, groups N+500000..N+999999); default: the next free million.")
  Long uidStart;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    io.zeta.cluster.Names.role(role);
    try (Cluster cluster = cluster()) {
      Optional<Directory> directory = ClusterDirectory.open(cluster);
      try {
        if (directory.isEmpty()) {
          Long start = uidStart == null ? null : RoleDirectory.validStart(uidStart);
          RoleRecord record = audited(cluster, role, () -> {
            RoleRecord r = cluster.roles().add(role);
            // Kept for when a directory is configured (zeta cluster set --ldap ...).
            return start == null ? r : cluster.roles().recordUidStart(role, start);
          });
          out().println("Added role " + record.name() + ".");
          notes(record);
          err().println("zeta: note: " + Directories.NOT_ENFORCED);
          return 0;
        }
        return withDirectory(cluster, directory.get());
      } finally {
        ClusterDirectory.closeQuietly(directory);
      }
    }
  }

  private int withDirectory(Cluster cluster, Directory directory) throws Exception {
    Roles roles = cluster.roles();
    RoleDirectory rd = new RoleDirectory(directory, roles);
    boolean existed = roles.exists(role);
    long start = rd.uidStart(role, uidStart);
    RoleAccounts accounts = audited(cluster, role, () -> {
      cluster.access().require(io.zeta.cluster.Access.Action.ROLE_ADD, role);
      // The directory first: its refusals (a uid or gid taken) change nothing, anywhere.
      RoleAccounts a = directory.ensureRole(role, start);
      if (!existed) {
        try {
          roles.add(role);
        } catch (Exception e) {
          if (!a.created().isEmpty()) {
            directory.removeRole(role);
          }
          throw e;
        }
      }
      roles.recordUidStart(role, start);
      return a;
    });
    if (existed) {
      out().println("Role " + role + " already exists; " + (accounts.created().isEmpty()
          ? "its accounts in the directory are in place, nothing changed."
          : "created its missing accounts in the directory: " + String.join(", ", accounts.created()) + "."));
    } else {
      out().println("Added role " + role + " with its accounts in " + directory.url() + ":");
      roles.read(role).ifPresent(this::notes);
    }
    out().println("  service user " + accounts.serviceUser().uid() + " (uid " + accounts.serviceUser().uidNumber() + ")");
    accounts.groups().forEach(g -> out().println("  group " + g.name() + " (gid " + g.gidNumber() + ")"));
    return 0;
  }

  private void notes(RoleRecord record) {
    for (RoleRecord.RoleDir d : record.dirs()) {
      if (!d.applied()) {
        out().println("  note: " + d.path() + ": " + d.note() + " (recorded as " + d.owner() + ":" + d.group() + ")");
      }
    }
  }
}
