package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.RoleRecord;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "role", mixinStandardHelpOptions = true,
    description = "Manage roles (teams, tenants): per-role directories in each base dir, groups zeta<role><base>, env files.")
final class RoleCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a role: /<base>/<role> in apps, data, etl and zeta (owner: the admin user, group zeta<role><base>, "
          + "mode 0770) and zeta/kstore/env/env_<role>/.")
  static final class Add extends Subcommand {
    @Parameters(index = "0", paramLabel = "ROLE", description = "Role name: ^[a-z][a-z0-9]*$.")
    String role;

    @Mixin
    WaitOption waitOption;

    @Override
    int execute() throws Exception {
      try (Cluster cluster = cluster()) {
        RoleRecord record = audited(cluster, role, () -> cluster.roles().add(io.zeta.cluster.Names.role(role)));
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

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List roles with their directories' ownership.")
  static final class ListRoles extends Subcommand {
    @Option(names = "--json", description = "Print the role records as JSON.")
    boolean json;

    @Override
    int execute() throws Exception {
      try (Cluster cluster = cluster()) {
        List<RoleRecord> roles = cluster.roles().list();
        if (json) {
          ArrayNode array = Json.MAPPER.createArrayNode();
          roles.forEach(r -> array.add(Json.tree(r)));
          Output.json(out(), Json.object().set("roles", array));
          return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (RoleRecord r : roles) {
          for (RoleRecord.RoleDir d : r.dirs()) {
            rows.add(List.of(r.name(), d.path(), d.owner() + ":" + d.group(), d.mode(),
                d.applied() ? "applied" : "recorded only"));
          }
        }
        Output.table(out(), List.of("ROLE", "DIRECTORY", "OWNER", "MODE", "OWNERSHIP"), rows);
        return 0;
      }
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a role; refused while it has instances (installed, or removed with data kept). Role shared stays.")
  static final class Remove extends Subcommand {
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
        out().println("Removed role " + role + ".");
        return 0;
      }
    }
  }
}
