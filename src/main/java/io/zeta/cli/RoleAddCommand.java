package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.cluster.RoleQuotas;
import io.zeta.cluster.RoleRecord;
import io.zeta.cluster.Roles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Add a role: /<base>/<role> in apps, data, etl and zeta (owner: the admin user, group zeta<role><base>, "
        + "mode 0770) and zeta/kstore/env/env_<role>/, with HDFS quotas if asked. Adding a role that exists with the "
        + "same settings changes nothing and succeeds; other settings are refused (use `zeta role set`).")
final class RoleAddCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE", description = "Role name: ^[a-z][a-z0-9]*$.")
  String role;

  @Mixin
  QuotaOptions quotaOptions;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    RoleQuotas.Request quotas = quotaOptions.request(this);
    Names.role(role);
    try (Cluster cluster = cluster()) {
      Roles roles = cluster.roles();
      Roles.Added added = audited(cluster, role, () -> roles.add(role, quotas, true));
      RoleRecord record = added.record();
      if (!added.created()) {
        out().println("Role " + record.name() + " already exists with these settings; nothing changed.");
        return 0;
      }
      out().println("Added role " + record.name() + ": " + RoleSummary.directories(record) + "; "
          + RoleSummary.quotas(roles.quotas(), record.name()) + ".");
      roles.quotas().warnings(record.name(), quotas).forEach(w -> err().println("zeta: warning: " + w));
      return 0;
    }
  }
}
