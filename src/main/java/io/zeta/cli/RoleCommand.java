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
        if (structured()) {
          print(result(role).setAll(roleJson(record)));
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

  /** A role record in the CLI's key vocabulary: {role, createdAt, createdBy, dirs: [{baseDir, path, ...}]}. */
  static com.fasterxml.jackson.databind.node.ObjectNode roleJson(RoleRecord r) {
    var o = Json.object();
    o.put("role", r.name());
    o.put("createdAt", r.createdAt());
    o.put("createdBy", r.createdBy());
    var dirs = o.putArray("dirs");
    for (RoleRecord.RoleDir d : r.dirs()) {
      var dir = dirs.addObject();
      dir.put("baseDir", d.base());
      dir.put("path", d.path());
      dir.put("owner", d.owner());
      dir.put("group", d.group());
      dir.put("mode", d.mode());
      dir.put("applied", d.applied());
      if (d.note() != null) {
        dir.put("note", d.note());
      }
    }
    return o;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List roles with their directories' ownership.")
  static final class ListRoles extends Subcommand {

    @Override
    int execute() throws Exception {
      try (Cluster cluster = cluster()) {
        List<RoleRecord> roles = cluster.roles().list();
        if (structured()) {
          ArrayNode array = Json.MAPPER.createArrayNode();
          roles.forEach(r -> array.add(roleJson(r)));
          print(Json.object().set("roles", array));
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
        if (structured()) {
          print(result(role).put("role", role));
          return 0;
        }
        out().println("Removed role " + role + ".");
        return 0;
      }
    }
  }
}
