package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.RoleQuotas;
import io.zeta.cluster.RoleRecord;
import io.zeta.cluster.volume.Usage;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List roles with their directories' ownership, quotas and usage (HDFS: space counts every replica).")
final class RoleListCommand extends Subcommand {
  @Option(names = "--json", description = "Print the role records as JSON, each directory with spaceQuota, spaceUsed, "
      + "namespaceQuota and namespaceUsed (a quota is null when there is none; all four are null where this user may "
      + "not read the directory).")
  boolean json;

  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      List<RoleRecord> roles = cluster.roles().list();
      RoleQuotas quotas = cluster.roles().quotas();
      if (json) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (RoleRecord r : roles) {
          ObjectNode role = (ObjectNode) Json.tree(r);
          ArrayNode dirs = (ArrayNode) role.get("dirs");
          for (int i = 0; i < r.dirs().size(); i++) {
            RoleSummary.usageJson((ObjectNode) dirs.get(i), quotas.readableUsage(r.name(), r.dirs().get(i).base()));
          }
          array.add(role);
        }
        ObjectNode doc = Json.object();
        doc.set("roles", array);
        doc.set("quotas", RoleSummary.quotaSupportJson(quotas));
        doc.put("enforced", cluster.config().directoryConfig().isPresent());
        Output.json(out(), doc);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (RoleRecord r : roles) {
        for (RoleRecord.RoleDir d : r.dirs()) {
          java.util.Optional<Usage> u = quotas.readableUsage(r.name(), d.base());
          rows.add(List.of(r.name(), d.path(), d.owner() + ":" + d.group(), d.mode(),
              d.applied() ? "applied" : "recorded only", u.map(RoleSummary::spaceCell).orElse("no access"),
              u.map(RoleSummary::namespaceCell).orElse("no access")));
        }
      }
      Output.table(out(), List.of("ROLE", "DIRECTORY", "OWNER", "MODE", "OWNERSHIP", "SPACE USED/QUOTA", "NAMES USED/QUOTA"), rows);
      quotas.volumes().quotaRefusal().ifPresent(why -> out().println("No quotas: " + why + "."));
      if (cluster.config().directoryConfig().isEmpty()) {
        out().println(io.zeta.identity.Directories.NOT_ENFORCED);
      }
      return 0;
    }
  }
}
