package io.zeta.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Access.Action;
import io.zeta.http.HttpError;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code /service/marathon/...}: Marathon's REST API of the cluster's scheduler (Marathon, or the
 * embedded agent), as DC/OS's AdminRouter serves it, with the caller's rights per role. An app or
 * group id {@code /<role>/...} belongs to the role; reading needs the role's read permission,
 * changing it the role's change permission (the lifecycle verbs' rule: membership of one of the
 * role's groups); admins may everything. Ids are read from the path and from the body ({@code id},
 * a group's {@code apps[].id} and {@code groups}, {@code /v2/tasks/delete}'s task ids); lists
 * ({@code /v2/apps}, {@code /v2/groups}, {@code /v2/tasks}, {@code /v2/deployments}, {@code /v2/queue})
 * are filtered to the roles the principal may read. Anything else is for admins. A refusal is 403
 * in Cosmos's shape and nothing is forwarded; every change (allowed or not) is audited with the
 * principal. The caller's {@code Authorization} never reaches the scheduler: the server sends the
 * cluster's scheduler token (or the agent's). Bodies are bounded by the server, answers by
 * {@link #MAX_ANSWER}, and each forwarded request by {@link #TIMEOUT}.
 */
public final class MarathonProxy implements Resource {
  static final String PREFIX = "/service/marathon";
  static final int MAX_ANSWER = 16 << 20;
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> OPEN_READS = Set.of("/ping", "/metrics", "/v2/info", "/v2/leader");
  private static final Set<String> FORWARDED_HEADERS = Set.of("content-type", "accept");

  /** Where the scheduler is, asked at each request (the agent may have restarted on another port). */
  @FunctionalInterface
  public interface Upstream {
    /** The scheduler's base URL and the token to send it; a ZetaException when it cannot be reached. */
    Target target();
  }

  /** @param token sent as {@code Authorization: token=<t>}; empty for none */
  public record Target(URI url, Optional<String> token) {}

  /** What the lists are filtered by. */
  private enum Filter { NONE, APPS, GROUPS, TASKS, DEPLOYMENTS, QUEUE }

  /** One permission a request needs: an action in a role; a null role means admins only. */
  private record Need(Action action, String role) {}

  private record Plan(List<Need> needs, Filter filter, List<String> targets) {}

  private final Authentication auth;
  private final ServerAudit audit;
  private final Optional<Upstream> upstream;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  MarathonProxy(Authentication auth, ServerAudit audit, Optional<Upstream> upstream) {
    this.auth = auth;
    this.audit = audit;
    this.upstream = upstream;
  }

  @Override
  public void register(Routes routes) {
    for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
      routes.on(method, PREFIX + "/{path*}", this::handle);
    }
  }

  private Response handle(Request request) {
    RequestPrincipal who = auth.of(request);
    String path = normalize(request.param("path"));
    boolean change = !request.method().equals("GET");
    Plan plan;
    try {
      plan = plan(request, path, who);
      if (!who.isAdmin()) {
        for (Need n : plan.needs()) {
          who.require(n.action() == null || n.role() == null ? Action.ADMINISTER : n.action(), n.role());
        }
      }
    } catch (CosmosError e) {
      if (change || e.status == 403) {
        audit.record(who.principal().display(), "serve: marathon " + request.method() + " " + path,
            String.join(",", targetsOrPath(request, path)), roleOf(path), "denied: " + e.getMessage());
      }
      throw e;
    } catch (ZetaException e) {
      throw CosmosError.of(503, "ServiceUnavailable", e.getMessage());
    }
    HttpResponse<byte[]> answer;
    boolean filtered = !who.isAdmin() && plan.filter() != Filter.NONE;
    try {
      answer = forward(request, path, filtered);
    } catch (CosmosError e) {
      if (change) {
        audit.record(who.principal().display(), "serve: marathon " + request.method() + " " + path,
            String.join(",", plan.targets()), roleOf(plan), "failed: " + e.getMessage());
      }
      throw e;
    }
    if (change) {
      int s = answer.statusCode();
      audit.record(who.principal().display(), "serve: marathon " + request.method() + " " + path,
          String.join(",", plan.targets()), roleOf(plan), (s < 400 ? "ok" : "failed") + " (HTTP " + s + ")");
    }
    byte[] body = answer.body();
    String type = answer.headers().firstValue("content-type").orElse(null);
    if (filtered && answer.statusCode() == 200) {
      if (type == null || !type.startsWith("application/json")) {
        throw CosmosError.of(502, "MarathonBadResponse", "the scheduler answered a list in " + type + ", not JSON");
      }
      JsonNode doc = Json.parse(new String(body, StandardCharsets.UTF_8), "the scheduler's answer");
      try {
        filter(plan.filter(), doc, who);
      } catch (ZetaException e) {
        throw CosmosError.of(503, "ServiceUnavailable", e.getMessage());
      }
      body = Json.compact(doc).getBytes(StandardCharsets.UTF_8);
    }
    return new Response(answer.statusCode(), Map.of(), type, body);
  }

  // ---- what a request needs

  private Plan plan(Request request, String path, RequestPrincipal who) {
    String method = request.method();
    List<String> seg = segments(path);
    List<Need> needs = new ArrayList<>();
    Filter filter = Filter.NONE;
    List<String> targets = new ArrayList<>();
    if (method.equals("GET") && OPEN_READS.contains(path)) {
      return new Plan(needs, filter, targets);
    }
    if (seg.size() < 2 || !seg.get(0).equals("v2")) {
      needs.add(new Need(null, null));
      return new Plan(needs, filter, List.of(path));
    }
    List<String> rest = seg.subList(2, seg.size());
    switch (seg.get(1)) {
      case "apps" -> {
        if (rest.isEmpty()) {
          switch (method) {
            case "GET" -> filter = Filter.APPS;
            case "POST" -> appIds(body(request), targets, false).forEach(id -> needs.add(new Need(Action.INSTALL, appRole(id))));
            case "PUT", "PATCH" -> appIds(body(request), targets, true)
                .forEach(id -> needs.add(new Need(Action.CONFIGURE, appRole(id))));
            default -> needs.add(new Need(null, null));
          }
        } else {
          String role = rest.size() >= 2 ? rest.get(0) : null;
          targets.add("/" + String.join("/", rest));
          Action action = switch (method) {
            case "GET" -> Action.STATUS;
            case "DELETE" -> rest.contains("tasks") ? (request.flag("scale", false) ? Action.SCALE : Action.RESTART)
                : Action.UNINSTALL;
            case "POST" -> Action.RESTART;
            default -> Action.CONFIGURE;
          };
          needs.add(new Need(action, role));
          if ((method.equals("PUT") || method.equals("PATCH")) && request.bodyLength() > 0) {
            JsonNode b = body(request);
            if (b.isObject() && b.has("id")) {
              needs.add(new Need(Action.CONFIGURE, appRole(textId(b.get("id")))));
            }
          }
        }
      }
      case "groups" -> {
        if (method.equals("GET")) {
          if (rest.isEmpty()) {
            filter = Filter.GROUPS;
          } else {
            needs.add(new Need(Action.STATUS, rest.get(0)));
          }
        } else {
          Action action = switch (method) {
            case "POST" -> Action.INSTALL;
            case "DELETE" -> Action.UNINSTALL;
            default -> Action.CONFIGURE;
          };
          String base = "/" + String.join("/", rest);
          targets.add(base);
          needs.add(new Need(action, rest.isEmpty() ? null : rest.get(0)));
          if (request.bodyLength() > 0) {
            Set<String> ids = new LinkedHashSet<>();
            groupIds(body(request), base, ids, 0);
            for (String id : ids) {
              List<String> s = segments(id);
              needs.add(new Need(action, s.isEmpty() ? null : s.get(0)));
            }
          }
        }
      }
      case "tasks" -> {
        if (method.equals("GET") && rest.isEmpty()) {
          filter = Filter.TASKS;
        } else if (method.equals("POST") && rest.equals(List.of("delete"))) {
          JsonNode ids = body(request).path("ids");
          if (!ids.isArray()) {
            throw CosmosError.of(400, "JsonSchemaMismatch", "POST /v2/tasks/delete takes {\"ids\": [task ids]}");
          }
          Action action = request.flag("scale", false) ? Action.SCALE : Action.RESTART;
          for (JsonNode id : ids) {
            String t = id.asText("");
            targets.add(t);
            needs.add(new Need(action, taskRole(t)));
          }
        } else {
          needs.add(new Need(null, null));
        }
      }
      case "deployments" -> {
        if (method.equals("GET") && rest.isEmpty()) {
          filter = Filter.DEPLOYMENTS;
        } else if (method.equals("DELETE") && rest.size() == 1) {
          targets.add(rest.get(0));
          // The deployment's apps decide; an unknown deployment is the scheduler's 404 to give.
          if (!who.isAdmin()) {
            List<String> apps = affectedApps(rest.get(0));
            for (String app : apps) {
              needs.add(new Need(Action.CONFIGURE, appRole(app)));
            }
            if (apps.isEmpty()) {
              needs.add(new Need(null, null));
            }
          }
        } else {
          needs.add(new Need(null, null));
        }
      }
      case "queue" -> {
        if (method.equals("GET") && rest.isEmpty()) {
          filter = Filter.QUEUE;
        } else if (method.equals("DELETE") && rest.size() >= 3 && rest.get(rest.size() - 1).equals("delay")) {
          targets.add("/" + String.join("/", rest.subList(0, rest.size() - 1)));
          needs.add(new Need(Action.RESTART, rest.get(0)));
        } else {
          needs.add(new Need(null, null));
        }
      }
      case "events" -> throw CosmosError.of(501, "NotImplemented", "the event stream is not proxied by zeta serve; "
          + "poll /service/marathon/v2/deployments and /v2/apps instead");
      default -> needs.add(new Need(null, null));
    }
    if (targets.isEmpty()) {
      targets.add(path);
    }
    return new Plan(needs, filter, targets);
  }

  /** The ids of a POST (one app) or PUT/PATCH (a list of apps) body; each must name its app. */
  private static List<String> appIds(JsonNode body, List<String> targets, boolean list) {
    List<JsonNode> apps = new ArrayList<>();
    if (body.isArray() && list) {
      body.forEach(apps::add);
    } else if (body.isObject()) {
      apps.add(body);
    } else {
      throw CosmosError.of(400, "JsonSchemaMismatch", "the body is not " + (list ? "a list of apps" : "an app"));
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode app : apps) {
      String id = textId(app.get("id"));
      ids.add(id);
      targets.add(id);
    }
    return ids;
  }

  private static String textId(JsonNode id) {
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw CosmosError.of(400, "JsonSchemaMismatch", "an app in the body has no id: give it its id /<role>/<name>");
    }
    return id.asText();
  }

  /** Every id a group body names: its own, its apps', its groups' (relative ids against the enclosing group). */
  private static void groupIds(JsonNode group, String base, Set<String> out, int depth) {
    if (depth > 32 || !group.isObject()) {
      if (!group.isObject()) {
        throw CosmosError.of(400, "JsonSchemaMismatch", "a group in the body is not an object");
      }
      throw CosmosError.of(400, "JsonSchemaMismatch", "the groups in the body nest deeper than 32");
    }
    String self = group.hasNonNull("id") ? resolve(base, group.get("id").asText()) : base;
    out.add(self);
    for (JsonNode app : group.path("apps")) {
      out.add(resolve(self, textId(app.get("id"))));
    }
    for (JsonNode sub : group.path("groups")) {
      groupIds(sub, self, out, depth + 1);
    }
  }

  private static String resolve(String base, String id) {
    String joined = id.startsWith("/") ? id : base + "/" + id;
    List<String> out = new ArrayList<>();
    for (String s : joined.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        continue;
      }
      out.add(s);
    }
    return "/" + String.join("/", out);
  }

  /** An app's role: the first segment of an id of at least two ({@code /prod/web}); null (admins only) otherwise. */
  static String appRole(String id) {
    List<String> s = segments(resolve("/", id));
    return s.size() >= 2 ? s.get(0) : null;
  }

  /** A task's role: Marathon's task ids are {@code <app id with _ for />.<uuid>}, so {@code prod_web.1f..} is prod's. */
  static String taskRole(String taskId) {
    int dot = taskId.indexOf('.');
    int us = taskId.indexOf('_');
    return dot > 0 && us > 0 && us < dot ? taskId.substring(0, us) : null;
  }

  private List<String> affectedApps(String deploymentId) {
    HttpResponse<byte[]> list = send("GET", "/v2/deployments", Map.of(), null, null);
    List<String> apps = new ArrayList<>();
    if (list.statusCode() == 200) {
      for (JsonNode d : Json.parse(new String(list.body(), StandardCharsets.UTF_8), "the deployments")) {
        if (d.path("id").asText().equals(deploymentId)) {
          d.path("affectedApps").forEach(a -> apps.add(a.asText()));
        }
      }
    }
    return apps;
  }

  // ---- filtering lists

  private static void filter(Filter filter, JsonNode doc, RequestPrincipal who) {
    switch (filter) {
      case APPS -> keep(doc.path("apps"), a -> readable(who, appRole(a.path("id").asText())));
      case TASKS -> keep(doc.path("tasks"), t -> readable(who, appRole(t.path("appId").asText())));
      case QUEUE -> keep(doc.path("queue"), q -> readable(who, appRole(q.path("app").path("id").asText())));
      case DEPLOYMENTS -> keep(doc, d -> {
        boolean all = d.path("affectedApps").size() > 0;
        for (JsonNode a : d.path("affectedApps")) {
          all &= readable(who, appRole(a.asText()));
        }
        return all;
      });
      case GROUPS -> {
        // The root group: apps directly under it have no role; a group /<role> is shown whole when readable.
        keep(doc.path("apps"), a -> readable(who, appRole(a.path("id").asText())));
        keep(doc.path("groups"), g -> {
          List<String> s = segments(g.path("id").asText());
          return !s.isEmpty() && readable(who, s.get(0));
        });
      }
      default -> { }
    }
  }

  private static boolean readable(RequestPrincipal who, String role) {
    return role != null && who.mayRead(role);
  }

  private static void keep(JsonNode list, java.util.function.Predicate<JsonNode> keep) {
    if (list instanceof ArrayNode a) {
      for (Iterator<JsonNode> it = a.elements(); it.hasNext();) {
        if (!keep.test(it.next())) {
          it.remove();
        }
      }
    }
  }

  // ---- forwarding

  /** @param filtered the answer is a list to filter: asked for as JSON whatever the caller accepts (not text/plain) */
  private HttpResponse<byte[]> forward(Request request, String path, boolean filtered) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (String h : FORWARDED_HEADERS) {
      request.header(h).ifPresent(v -> headers.put(h, v));
    }
    if (filtered) {
      headers.put("accept", "application/json");
    }
    byte[] body = request.bodyLength() > 0 ? request.body() : null;
    return send(request.method(), path, headers, query(request), body);
  }

  private HttpResponse<byte[]> send(String method, String path, Map<String, String> headers, String query, byte[] body) {
    Target target;
    try {
      target = upstream.orElseThrow(() -> CosmosError.of(503, "ServiceUnavailable",
          "this server has no scheduler: zeta serve runs without a cluster")).target();
    } catch (ZetaException e) {
      throw CosmosError.of(503, "ServiceUnavailable", e.getMessage());
    }
    String base = target.url().toString().replaceAll("/+$", "");
    URI uri = URI.create(base + encodePath(path) + (query == null || query.isEmpty() ? "" : "?" + query));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    target.token().ifPresent(t -> b.header("Authorization", "token=" + t));
    try {
      HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      byte[] bytes;
      try (InputStream in = r.body()) {
        bytes = in.readNBytes(MAX_ANSWER + 1);
      }
      if (bytes.length > MAX_ANSWER) {
        throw CosmosError.of(502, "MarathonBadResponse", "the scheduler's answer is larger than " + MAX_ANSWER + " bytes");
      }
      return new Bytes(r, bytes);
    } catch (IOException e) {
      throw CosmosError.of(502, "MarathonBadGateway", "the scheduler at " + base + " did not answer: "
          + io.zeta.Causes.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CosmosError.of(503, "ServiceUnavailable", "interrupted");
    }
  }

  /** A response whose body has been read (bounded). */
  private record Bytes(HttpResponse<InputStream> r, byte[] body) implements HttpResponse<byte[]> {
    @Override
    public int statusCode() {
      return r.statusCode();
    }

    @Override
    public HttpRequest request() {
      return r.request();
    }

    @Override
    public Optional<HttpResponse<byte[]>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return r.headers();
    }

    @Override
    public Optional<javax.net.ssl.SSLSession> sslSession() {
      return r.sslSession();
    }

    @Override
    public URI uri() {
      return r.uri();
    }

    @Override
    public HttpClient.Version version() {
      return r.version();
    }
  }

  private static String query(Request request) {
    StringJoiner q = new StringJoiner("&");
    request.query().forEach((k, vs) -> vs.forEach(v -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8)
        + (v.isEmpty() ? "" : "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)))));
    return q.toString();
  }

  private static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (String s : segments(path)) {
      out.append('/').append(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  /** The path after the prefix, with one slash between segments; {@code .} and {@code ..} refused. */
  private static String normalize(String raw) {
    List<String> s = segments(raw);
    for (String part : s) {
      if (part.equals(".") || part.equals("..")) {
        throw HttpError.of(400, "the path may not contain '.' or '..' segments");
      }
    }
    return "/" + String.join("/", s);
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private static JsonNode body(Request request) {
    try {
      return Json.parseUntrusted(request.bodyText(), "the request body");
    } catch (ZetaException | IllegalArgumentException e) {
      throw CosmosError.of(400, "JsonSchemaMismatch", "the request body is not JSON: " + e.getMessage());
    }
  }

  private static List<String> targetsOrPath(Request request, String path) {
    return List.of(path);
  }

  private static String roleOf(String path) {
    List<String> s = segments(path);
    return s.size() >= 4 && s.get(0).equals("v2") && (s.get(1).equals("apps") || s.get(1).equals("groups"))
        ? s.get(2) : null;
  }

  private static String roleOf(Plan plan) {
    Set<String> roles = new LinkedHashSet<>();
    for (Need n : plan.needs()) {
      if (n.role() != null) {
        roles.add(n.role());
      }
    }
    return roles.size() == 1 ? roles.iterator().next() : null;
  }

}
