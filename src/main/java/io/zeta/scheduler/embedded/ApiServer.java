package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Marathon's REST API v2, the part Zeta uses, on 127.0.0.1 only. */
final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String APPS = "/v2/apps";
  private static final String DEPLOYMENT_HEADER = "Marathon-Deployment-Id";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4, Threads.daemon("zeta-api"));
  private final AppSupervisor supervisor;
  private final String startedAt = MarathonTime.now();

  ApiServer(int port, AppSupervisor supervisor) throws IOException {
    this.supervisor = supervisor;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  void start() {
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        route(exchange);
      } catch (ApiError e) {
        send(exchange, e.status, e.body, Map.of());
      } catch (RuntimeException e) {
        LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        send(exchange, 500, ApiError.of(500, "internal error: " + e).body, Map.of());
      }
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
    if (path.equals("/ping")) {
      requireMethod(method, "GET");
      byte[] pong = "pong".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, pong.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(pong);
      }
      return;
    }
    if (path.equals("/v2/info")) {
      requireMethod(method, "GET");
      send(exchange, 200, info(), Map.of());
    } else if (path.equals("/v2/deployments")) {
      requireMethod(method, "GET");
      send(exchange, 200, supervisor.deploymentsJson(), Map.of());
    } else if (path.equals("/v2/queue") || path.equals("/v2/queue/")) {
      requireMethod(method, "GET");
      send(exchange, 200, supervisor.queueJson(query.getOrDefault("embed", List.of()).contains("lastUnusedOffers")),
          Map.of());
    } else if (path.startsWith("/v2/queue/") && path.endsWith("/delay")) {
      requireMethod(method, "DELETE");
      AppId id = AppId.parse(path.substring("/v2/queue".length(), path.length() - "/delay".length())).canonical();
      if (!supervisor.resetDelay(id)) {
        throw ApiError.of(404, "Application " + id + " not found in tasks queue.");
      }
      exchange.sendResponseHeaders(204, -1);
    } else if (path.equals(APPS) || path.equals(APPS + "/")) {
      switch (method) {
        case "GET" -> listApps(exchange, query);
        case "POST" -> createApp(exchange, query);
        default -> throw ApiError.of(405, "method " + method + " is not supported on " + APPS);
      }
    } else if (path.startsWith(APPS + "/")) {
      AppId id = AppId.parse(path.substring(APPS.length())).canonical();
      switch (method) {
        case "GET" -> getApp(exchange, id);
        case "PUT", "PATCH" -> putApp(exchange, id, query, method.equals("PATCH"));
        case "DELETE" -> deleteApp(exchange, id, query);
        default -> throw ApiError.of(405, "method " + method + " is not supported on " + path);
      }
    } else {
      throw ApiError.of(404, "no such resource: " + path + " (the embedded scheduler serves /v2/apps, "
          + "/v2/deployments, /v2/info and /ping)");
    }
  }

  private void listApps(HttpExchange exchange, Map<String, List<String>> query) throws IOException {
    List<String> embed = query.getOrDefault("embed", List.of());
    // As Marathon: counts and deployments always come with the list.
    AppJson.Embeds embeds = new AppJson.Embeds(embed.contains("apps.tasks"), true, true,
        embed.contains("apps.lastTaskFailure"));
    String filter = first(query, "id").orElse(null);
    ObjectNode body = Json.object();
    body.set("apps", supervisor.appsJson(filter, embeds));
    send(exchange, 200, body, Map.of());
  }

  private void createApp(HttpExchange exchange, Map<String, List<String>> query) throws IOException {
    ObjectNode definition = readObject(exchange);
    AppSupervisor.Change c = supervisor.create(definition, flag(query, "force", false));
    send(exchange, 201, AppJson.created(c.app(), c.deployment()),
        Map.of("Location", c.app().id.toString(), DEPLOYMENT_HEADER, c.deployment().id));
  }

  private void getApp(HttpExchange exchange, AppId id) throws IOException {
    checkSubresource(id);
    Optional<ObjectNode> app = supervisor.appJson(id);
    if (app.isEmpty()) {
      throw ApiError.of(404, "App '" + id + "' does not exist");
    }
    ObjectNode body = Json.object();
    body.set("app", app.get());
    send(exchange, 200, body, Map.of());
  }

  private void putApp(HttpExchange exchange, AppId id, Map<String, List<String>> query, boolean patch)
      throws IOException {
    checkSubresource(id);
    ObjectNode body = readObject(exchange);
    boolean partial = patch || flag(query, "partialUpdate", true);
    AppSupervisor.Change c = supervisor.put(id, body, flag(query, "force", false), partial);
    send(exchange, c.created() ? 201 : 200, AppJson.deploymentResult(c.deployment()),
        Map.of(DEPLOYMENT_HEADER, c.deployment().id));
  }

  private void deleteApp(HttpExchange exchange, AppId id, Map<String, List<String>> query) throws IOException {
    checkSubresource(id);
    // Marathon's DELETE defaults to force=true in code, whatever its RAML says.
    Optional<AppSupervisor.Change> c = supervisor.destroy(id, flag(query, "force", true));
    if (c.isEmpty()) {
      throw ApiError.of(404, "App '" + id + "' does not exist");
    }
    send(exchange, 200, AppJson.deploymentResult(c.get().deployment()),
        Map.of(DEPLOYMENT_HEADER, c.get().deployment().id));
  }

  /** /v2/apps/{id}/tasks and friends are not served; their last segments are reserved in app ids. */
  private static void checkSubresource(AppId id) {
    List<String> s = id.segments();
    if (!s.isEmpty() && List.of("tasks", "versions", "restart").contains(s.get(s.size() - 1))) {
      throw ApiError.of(404, "the embedded scheduler does not serve " + APPS + id);
    }
  }

  private ObjectNode info() {
    ObjectNode info = Json.object();
    info.put("name", "zeta-agent");
    info.put("version", "1.7.0-zeta");
    info.put("buildref", "embedded");
    info.put("elected", true);
    info.put("leader", "127.0.0.1:" + port());
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
    http.put("http_port", port());
    info.put("apps", supervisor.appCount());
    return info;
  }

  private static ObjectNode readObject(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiError.invalidJson(e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiError.invalidJson("error.expected.jsobject");
    }
    return (ObjectNode) node;
  }

  private static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw ApiError.of(405, "method " + method + " is not supported here; use " + expected);
    }
  }

  private static void send(HttpExchange exchange, int status, JsonNode body, Map<String, String> headers)
      throws IOException {
    byte[] bytes = Json.compact(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static Optional<String> first(Map<String, List<String>> query, String key) {
    List<String> values = query.get(key);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** {@code ?force} and {@code ?force=true} are true, {@code ?force=false} false. */
  private static boolean flag(Map<String, List<String>> query, String key, boolean fallback) {
    return first(query, key).map(v -> v.isEmpty() || v.equalsIgnoreCase("true")).orElse(fallback);
  }
}
