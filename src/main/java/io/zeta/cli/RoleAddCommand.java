package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.cluster.RoleQuotas;
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
        + "mode 0770) and zeta/kstore/env/env_<role>/, with HDFS quotas if asked. Adding a role that exists with the "
        + "same settings changes nothing and succeeds; other settings are refused (use `zeta role set`).",
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
  QuotaOptions quotaOptions;

  @Mixin
  WaitOption waitOption;

  /** What the command did in the tree and in the directory. */
  private record Done(Roles.Added added, RoleAccounts accounts) {}

  @Override
  int execute() throws Exception {
    RoleQuotas.Request quotas = quotaOptions.request(this);
    Long start = uidStart == null ? null : RoleDirectory.validStart(uidStart);
    try (Cluster cluster = cluster()) {
      Roles roles = cluster.roles();
      Optional<Directory> directory = ClusterDirectory.open(cluster);
      try {
        Done done;
        if (directory.isEmpty()) {
          done = audited(cluster, role, () -> {
            Roles.Added a = roles.add(role, quotas, true);
            // Kept for when a directory is configured (zeta cluster set --ldap ...).
            return new Done(a.created() && start != null ? new Roles.Added(roles.recordUidStart(role, start), true) : a, null);
          });
        } else {
          done = withDirectory(cluster, roles, directory.get(), quotas);
        }
        print(roles, done, quotas, directory);
        if (directory.isEmpty()) {
          err().println("zeta: note: " + Directories.NOT_ENFORCED);
        }
        return 0;
      } finally {
        ClusterDirectory.closeQuietly(directory);
      }
    }
  }

  private Done withDirectory(Cluster cluster, Roles roles, Directory directory, RoleQuotas.Request quotas) throws Exception {
    return audited(cluster, role, () -> {
      // Inside the audit: a bad name is a refusal on record, and never reaches the directory.
      Names.role(role);
      cluster.access().require(io.zeta.cluster.Access.Action.ROLE_ADD, role);
      long first = new RoleDirectory(directory, roles).uidStart(role, uidStart);
      // The directory first: its refusals (a uid or gid taken) change nothing, anywhere.
      RoleAccounts a = directory.ensureRole(role, first);
      Roles.Added added;
      try {
        added = roles.add(role, quotas, true);
      } catch (Exception e) {
        if (!a.created().isEmpty()) {
          directory.removeRole(role);
        }
        throw e;
      }
      roles.recordUidStart(role, first);
      return new Done(added, a);
    });
  }

  private void print(Roles roles, Done done, RoleQuotas.Request quotas, Optional<Directory> directory) throws Exception {
    RoleRecord record = done.added().record();
    RoleAccounts a = done.accounts();
    if (structured()) {
      var doc = result(role);
      doc.setAll(RoleListCommand.roleJson(record));
      doc.put("created", done.added().created());
      doc.put("enforced", a != null);
      if (a != null) {
        var accounts = doc.putObject("accounts");
        accounts.put("principal", a.serviceUser().uid()).put("uidNumber", a.serviceUser().uidNumber());
        var groups = accounts.putArray("groups");
        a.groups().forEach(g -> groups.addObject().put("group", g.name()).put("gidNumber", g.gidNumber()));
        accounts.set("created", io.zeta.json.Json.tree(a.created()));
      }
      print(doc);
      if (done.added().created()) {
        roles.quotas().warnings(record.name(), quotas).forEach(w -> err().println("zeta: warning: " + w));
      }
      return;
    }
    if (!done.added().created()) {
      if (a == null || a.created().isEmpty()) {
        out().println("Role " + record.name() + " already exists with these settings" + (a == null ? "" : " and its accounts in the directory")
            + "; nothing changed.");
        return;
      }
      out().println("Role " + record.name() + " already exists; created its missing accounts in the directory: "
          + String.join(", ", a.created()) + ".");
    } else {
      out().println("Added role " + record.name() + ": " + RoleSummary.directories(record) + "; "
          + RoleSummary.quotas(roles.quotas(), record.name()) + ".");
      roles.quotas().warnings(record.name(), quotas).forEach(w -> err().println("zeta: warning: " + w));
    }
    if (a != null) {
      out().println("Accounts in " + directory.get().url() + ":");
      out().println("  service user " + a.serviceUser().uid() + " (uid " + a.serviceUser().uidNumber() + ")");
      a.groups().forEach(g -> out().println("  group " + g.name() + " (gid " + g.gidNumber() + ")"));
    }
  }
}
