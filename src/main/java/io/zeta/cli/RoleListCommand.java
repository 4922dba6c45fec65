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

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List roles with their directories' ownership, quotas and usage (HDFS: space counts every replica).")
final class RoleListCommand extends Subcommand {
  /** A role record in the CLI's key vocabulary: {role, createdAt, createdBy, uidStart (when given out), dirs: [{baseDir, path, ...}]}. */
  static com.fasterxml.jackson.databind.node.ObjectNode roleJson(RoleRecord r) {
    var o = Json.object();
    o.put("role", r.name());
    o.put("createdAt", r.createdAt());
    o.put("createdBy", r.createdBy());
    if (r.uidStart() != null) {
      o.put("uidStart", r.uidStart());
    }
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
      RoleQuotas quotas = cluster.roles().quotas();
      if (structured()) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (RoleRecord r : roles) {
          ObjectNode role = roleJson(r);
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
        print(doc);
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
