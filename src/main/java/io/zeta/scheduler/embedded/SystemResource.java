package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import java.util.function.IntSupplier;

/** The server's own resources: {@code /ping} and {@code /v2/info}. */
final class SystemResource implements Resource {
  private final AppSupervisor supervisor;
  private final IntSupplier port;
  private final String startedAt = MarathonTime.now();

  SystemResource(AppSupervisor supervisor, IntSupplier port) {
    this.supervisor = supervisor;
    this.port = port;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/ping", r -> Response.text(200, "pong"))
        .get("/v2/info", r -> Response.json(200, info()));
  }

  private ObjectNode info() {
    int p = port.getAsInt();
    ObjectNode info = Json.object();
    info.put("name", "zeta-agent");
    info.put("version", "1.7.0-zeta");
    info.put("buildref", "embedded");
    info.put("elected", true);
    info.put("leader", "127.0.0.1:" + p);
    info.put("frameworkId", "zeta-agent");
    info.put("startedAt", startedAt);
    ObjectNode marathon = info.putObject("marathon_config");
    marathon.put("hostname", "127.0.0.1");
    marathon.put("master", "local");
    // Zeta's own state goes inside Marathon's objects: strict clients refuse unknown top-level keys.
    marathon.set("zeta_resources", supervisor.resourcesJson());
    ObjectNode recovery = supervisor.recoveryJson();
    if (recovery != null) {
      marathon.set("zeta_recovery", recovery);
    }
    ObjectNode http = info.putObject("http_config");
    http.put("http_port", p);
    info.put("apps", supervisor.appCount());
    return info;
  }
}
