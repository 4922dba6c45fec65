package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.RoleQuotas;
import io.zeta.cluster.Roles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "set", mixinStandardHelpOptions = true,
    description = "Change a role's settings: the HDFS quotas of its directories (none clears one). "
        + "Quotas need an hdfs: cluster; on file: clusters they are refused and nothing changes.")
final class RoleSetCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE", description = "Role name.")
  String role;

  @Mixin
  QuotaOptions quotaOptions;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    RoleQuotas.Request quotas = quotaOptions.request(this);
    if (!quotas.changes()) {
      throw usage("nothing to change: give --space-quota or --namespace-quota");
    }
    try (Cluster cluster = cluster()) {
      Roles roles = cluster.roles();
      audited(cluster, role, () -> {
        roles.setQuotas(role, quotas);
        return null;
      });
      if (structured()) {
        var doc = result(role).put("role", role);
        var dirs = doc.putArray("dirs");
        for (io.zeta.cluster.RoleRecord.RoleDir d : roles.read(role).orElseThrow().dirs()) {
          var dir = dirs.addObject().put("baseDir", d.base()).put("path", d.path());
          RoleSummary.usageJson(dir, roles.quotas().readableUsage(role, d.base()));
        }
        print(doc);
      } else {
        out().println("Role " + role + ": " + RoleSummary.quotas(roles.quotas(), role) + ".");
      }
      roles.quotas().warnings(role, quotas).forEach(w -> err().println("zeta: warning: " + w));
      return 0;
    }
  }
}
