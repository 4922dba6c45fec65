package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Durations;
import io.zeta.cluster.Names;
import io.zeta.identity.Principal;
import io.zeta.json.Json;
import io.zeta.lifecycle.AuditQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {"Show the audit log: every mutating command and every refusal, who ran it (the principal; "
        + "\"root as alice\" for --as), what on which target, and how it ended (ok, failed: why, denied: why).",
        "Where roles are enforced, a member sees the entries of its roles and its own; admins see all."})
final class ClusterAuditCommand extends Subcommand {

  @Option(names = "--limit", paramLabel = "N", description = "Only the last N entries (after the filters).")
  Integer limit;

  @Option(names = "--user", paramLabel = "USER", description = "Only entries where USER acted (in person or as the --as user).")
  String user;

  @Option(names = "--role", paramLabel = "ROLE", description = "Only entries in role ROLE.")
  String role;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Only entries from TIME on: an ISO instant (2026-12-01T10:00:00Z), a date (2026-12-01, UTC), "
          + "or a duration back from now (30m, 2h, 7d).")
  String since;

  @Option(names = "--action", paramLabel = "ACTION", description = "Only this action: `package install`, or its last word `install`.")
  String action;

  @Override
  int execute() throws Exception {
    if (limit != null && limit < 1) {
      throw usage("--limit must be 1 or more, got " + limit + " (--limit 20 shows the last 20 entries)");
    }
    AuditQuery.Filter filter = new AuditQuery.Filter(Optional.ofNullable(user).map(Principal::checkName),
        Optional.ofNullable(role).map(Names::role), Optional.ofNullable(since).map(this::instant),
        Optional.ofNullable(action).map(String::strip));
    try (Cluster cluster = cluster()) {
      List<AuditLog.Entry> entries = reading(cluster, role == null ? "" : role + "/", () -> new AuditQuery(cluster).run(filter));
      if (limit != null && entries.size() > limit) {
        entries = entries.subList(entries.size() - limit, entries.size());
      }
      if (structured()) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        entries.forEach(e -> array.add(json(e)));
        print(array);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (AuditLog.Entry e : entries) {
        rows.add(List.of(e.time(), String.valueOf(e.who()) + "@" + e.host(), String.valueOf(e.action()),
            String.valueOf(e.target()), Output.truncate(String.valueOf(e.result()), 80)));
      }
      Output.table(out(), List.of("TIME", "PRINCIPAL", "ACTION", "TARGET", "RESULT"), rows);
      return 0;
    }
  }

  private static ObjectNode json(AuditLog.Entry e) {
    ObjectNode o = Json.object();
    o.put("time", e.time());
    o.put("principal", e.who());
    o.put("action", e.action());
    o.put("target", e.target());
    o.put("role", e.role());
    o.put("result", e.result());
    o.put("host", e.host());
    o.put("pid", e.pid());
    return o;
  }

  private Instant instant(String text) {
    String t = text.strip();
    try {
      if (t.matches("^\\d{4}-\\d{2}-\\d{2}$")) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (t.matches("^\\d{4}-.*")) {
        return Instant.parse(t);
      }
      if (t.matches("^\\d{1,5}d$")) {
        return Instant.now().minus(java.time.Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1))));
      }
      return Instant.now().minus(Durations.parse(t, "--since"));
    } catch (DateTimeParseException | ZetaException e) {
      throw usage("--since must be an ISO instant (2026-12-01T10:00:00Z), a date (2026-12-01) or a duration (30m, 2h, "
          + "7d), got '" + text + "'");
    }
  }
}
