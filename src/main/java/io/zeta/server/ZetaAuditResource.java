package io.zeta.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.lifecycle.AuditQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code GET /zeta/v1/audit?role=&principal=&since=&action=}: the audit log as {@code zeta cluster
 * audit --json} shows it to the principal (AuditQuery: an admin sees everything, anyone else the
 * entries of the roles it may read and its own; asking for a role it may not read is 403).
 */
final class ZetaAuditResource implements Resource {
  private final ServedInstances instances;

  ZetaAuditResource(ServedInstances instances) {
    this.instances = instances;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/zeta/v1/audit", request -> {
      Cluster view = instances.forRequest(request);
      Optional<Instant> since = since(request);
      var entries = instances.reading(view, "cluster audit", request.first("role").map(r -> r + "/").orElse(null),
          () -> new AuditQuery(view).run(new AuditQuery.Filter(
              request.first("principal").map(io.zeta.identity.Principal::checkName),
              request.first("role").map(io.zeta.cluster.Names::role), since, request.first("action").map(String::strip))));
      ObjectNode doc = Json.object();
      ArrayNode out = doc.putArray("entries");
      for (AuditLog.Entry e : entries) {
        ObjectNode o = out.addObject();
        // Absent rather than null: a cluster-wide entry has no role, an old one may lack a target.
        putIf(o, "time", e.time());
        putIf(o, "principal", e.who());
        putIf(o, "action", e.action());
        putIf(o, "target", e.target());
        putIf(o, "role", e.role());
        putIf(o, "result", e.result());
        putIf(o, "host", e.host());
        o.put("pid", e.pid());
      }
      return Response.json(200, doc);
    });
  }

  private static void putIf(ObjectNode o, String key, String value) {
    if (value != null) {
      o.put(key, value);
    }
  }

  private static Optional<Instant> since(Request request) {
    Optional<String> since = request.first("since");
    try {
      return since.map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw CosmosError.of(400, "BadRequest", "since=" + since.get() + " is not an instant: give one such as "
          + "2026-12-01T10:00:00Z");
    }
  }
}
