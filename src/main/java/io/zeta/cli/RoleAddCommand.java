package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.RoleRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Add a role: /<base>/<role> in apps, data, etl and zeta (owner: the admin user, group zeta<role><base>, "
        + "mode 0770) and zeta/kstore/env/env_<role>/.")
final class RoleAddCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE", description = "Role name: ^[a-z][a-z0-9]*$.")
  String role;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      RoleRecord record = audited(cluster, role, () -> cluster.roles().add(io.zeta.cluster.Names.role(role)));
      if (structured()) {
        print(result(role).setAll(RoleListCommand.roleJson(record)));
        return 0;
      }
      out().println("Added role " + record.name() + ".");
      for (RoleRecord.RoleDir d : record.dirs()) {
        if (!d.applied()) {
          out().println("  note: " + d.path() + ": " + d.note() + " (recorded as " + d.owner() + ":" + d.group() + ")");
        }
      }
      return 0;
    }
  }
}
