package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.RoleRecord;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List roles with their directories' ownership.")
final class RoleListCommand extends Subcommand {
  @Option(names = "--json", description = "Print the role records as JSON.")
  boolean json;

  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      List<RoleRecord> roles = cluster.roles().list();
      if (json) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        roles.forEach(r -> array.add(Json.tree(r)));
        com.fasterxml.jackson.databind.node.ObjectNode doc = Json.object();
        doc.set("roles", array);
        doc.put("enforced", cluster.config().directoryConfig().isPresent());
        Output.json(out(), doc);
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
      if (cluster.config().directoryConfig().isEmpty()) {
        out().println(io.zeta.identity.Directories.NOT_ENFORCED);
      }
      return 0;
    }
  }
}
