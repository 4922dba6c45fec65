package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.http.Request;
import io.zeta.http.RequestLog;
import io.zeta.json.Json;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line in the agent's log for every request that may change something (refused ones too):
 * who (authenticated by token, or anonymous), from where, what (method, path, app id), and the
 * status answered. Its logger logs at INFO whatever the agent's level (see logback.xml).
 */
final class AuditLog implements RequestLog {
  static final String LOGGER = "io.zeta.agent.audit";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  @Override
  public void completed(Request request, String route, int status, long nanos) {
    if (READS.contains(request.method())) {
      return;
    }
    LOG.info("who={} peer={} method={} path={} app={} status={}", request.principal(), request.peer(),
        request.method(), printable(request.path()), appId(request), status);
  }

  /** The app a request is about: the path's id, or the id of the posted definition. */
  private static String appId(Request request) {
    String id = request.params().get("id");
    if (id != null) {
      return printable(id.startsWith("/") ? id : "/" + id);
    }
    if (request.bodyLength() > 0) {
      try {
        JsonNode body = Json.MAPPER.readTree(request.body());
        if (body != null && body.path("id").isTextual()) {
          return printable(body.get("id").asText());
        }
      } catch (java.io.IOException | RuntimeException e) {
        // Not JSON: the request was refused, and the line says so by its status.
      }
    }
    return "-";
  }

  /** Keeps a hostile path from forging log lines. */
  private static String printable(String s) {
    String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
    return cut.replaceAll("[\\p{Cntrl}\\s]", "?");
  }
}
