package io.zeta.cli;

import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Show the audit log: every mutating command, who ran it, where, and how it ended.")
final class ClusterAuditCommand extends Subcommand {

  @Option(names = "--limit", paramLabel = "N", description = "Only the last N entries.")
  Integer limit;

  @Override
  int execute() throws Exception {
    if (limit != null && limit < 1) {
      throw usage("--limit must be 1 or more, got " + limit + " (--limit 20 shows the last 20 entries)");
    }
    try (Cluster cluster = cluster()) {
      List<AuditLog.Entry> entries = cluster.audit().read();
      if (limit != null && entries.size() > limit) {
        entries = entries.subList(entries.size() - limit, entries.size());
      }
      if (structured()) {
        var array = io.zeta.json.Json.MAPPER.createArrayNode();
        for (AuditLog.Entry e : entries) {
          // The log's own fields in the CLI's vocabulary: user is the principal, command the action.
          array.addObject().put("time", e.time()).put("principal", e.user()).put("host", e.host()).put("pid", e.pid())
              .put("action", e.command()).put("target", e.target()).put("result", e.result());
        }
        print(array);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (AuditLog.Entry e : entries) {
        rows.add(List.of(e.time(), e.user() + "@" + e.host(), e.command(), e.target(), Output.truncate(e.result(), 60)));
      }
      Output.table(out(), List.of("TIME", "WHO", "COMMAND", "TARGET", "RESULT"), rows);
      return 0;
    }
  }
}
