package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.json.Json;
import io.zeta.lifecycle.InstanceHistory;
import io.zeta.lifecycle.Revision;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
    description = "The revisions of an instance (install, upgrades, rollbacks), oldest first, with their data snapshots.")
final class PackageHistoryCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE/ID", description = "The instance.")
  String target;

  @Override
  int execute() throws Exception {
    String[] r = Names.roleAndId(target);
    try (Cluster cluster = cluster()) {
      InstanceHistory.History history = reading(cluster, target, () -> new InstanceHistory(cluster).run(r[0], r[1]));
      if (structured()) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Revision rev : history.revisions()) {
          ObjectNode o = list.addObject();
          o.put("revision", rev.revision());
          o.put("version", rev.version());
          o.put("state", rev.status());
          o.put("principal", rev.principal());
          o.put("time", rev.time());
          o.put("description", rev.description());
          o.put("action", rev.action());
          o.put("package", rev.pkg());
          if (rev.hasSnapshot()) {
            o.put("snapshot", rev.snapshot());
          } else {
            o.putNull("snapshot");
          }
          o.put("current", rev.revision() == history.current());
        }
        print(list);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (Revision rev : history.revisions()) {
        rows.add(List.of((rev.revision() == history.current() ? "*" : "") + rev.revision(), rev.version(), rev.status(),
            rev.principal() == null ? "" : rev.principal(), rev.time() == null ? "" : rev.time(),
            rev.hasSnapshot() ? rev.snapshot() : "-", rev.description() == null ? "" : rev.description()));
      }
      Output.table(out(), List.of("REVISION", "VERSION", "STATUS", "PRINCIPAL", "TIME", "SNAPSHOT", "DESCRIPTION"), rows);
      return 0;
    }
  }
}
