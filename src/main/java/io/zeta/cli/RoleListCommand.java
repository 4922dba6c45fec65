package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.RoleRecord;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List roles with their directories' ownership.")
final class RoleListCommand extends Subcommand {
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
