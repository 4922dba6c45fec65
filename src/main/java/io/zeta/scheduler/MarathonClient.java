package io.zeta.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client of Marathon's REST API v2, for a real Marathon and for Zeta's embedded scheduler alike.
 *
 * <p>Failed requests are retried by the {@link RetryPolicy} only when that cannot change more than
 * once what the caller asked for: GET, PUT and DELETE after a connection failure or a 5xx, POST only
 * when the connection could not be made. What is left when retries run out is a
 * {@link SchedulerUnreachableException}.
 */
public final class MarathonClient {
  static final String DEPLOYMENT_HEADER = "Marathon-Deployment-Id";
  private static final String APP_EMBEDS = "embed=app.tasks&embed=app.counts&embed=app.deployments"
      + "&embed=app.lastTaskFailure";
  private static final String APPS_EMBEDS = "embed=apps.tasks&embed=apps.counts&embed=apps.deployments"
      + "&embed=apps.lastTaskFailure";

  private final String base;
  private final ClientSettings settings;
  private final HttpClient http;

  public MarathonClient(URI baseUrl, ClientSettings settings) {
    String scheme = baseUrl.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
      throw new ZetaException("invalid scheduler URL " + baseUrl + ": expected http://HOST:PORT or https://HOST:PORT");
    }
    String text = baseUrl.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.settings = settings;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL);
    if (scheme.equals("https")) {
      builder.sslContext(SchedulerTls.context(settings));
    }
    this.http = builder.build();
  }

  public static MarathonClient of(String url, ClientSettings settings) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ZetaException("invalid scheduler URL " + url + ": " + e.getMessage());
    }
    return new MarathonClient(uri, settings);
  }

  public String url() {
    return base;
  }

  /** How often waits ask the scheduler again. */
  public Duration pollInterval() {
    return settings.pollInterval();
  }

  /** POST /v2/apps; returns the deployment id. */
  public String createApp(JsonNode app) {
    String path = "/v2/apps";
    Answer a = exchange("POST", path, app, false);
    if (a.status() == 201 || a.status() == 200) {
      return a.deploymentId();
    }
    String appId = app.path("id").asText("");
    if (a.status() == 409) {
      List<String> locks = a.deploymentIds();
      if (!locks.isEmpty()) {
        throw new AppLockedException(appId, locks, a.message());
      }
      throw new AppExistsException(appId, a.message());
    }
    throw unexpected(a, "POST", path, "; the app may or may not have been created, check before trying again");
  }

  /**
   * PUT /v2/apps/{id} with the given fields (a partial update: the others keep their values);
   * creates the app when it does not exist. Returns the deployment id.
   */
  public String updateApp(String appId, JsonNode changes, boolean force) {
    String path = "/v2/apps" + AppId.parse(appId).urlPath() + (force ? "?force=true" : "");
    Answer a = exchange("PUT", path, changes, true);
    if (a.status() == 200 || a.status() == 201) {
      return a.deploymentId();
    }
    if (a.status() == 409 && !a.deploymentIds().isEmpty()) {
      throw new AppLockedException(appId, a.deploymentIds(), a.message());
    }
    throw unexpected(a, "PUT", path, "");
  }

  /** Scales (0 suspends the app); returns the deployment id. */
  public String scaleApp(String appId, int instances, boolean force) {
    ObjectNode body = Json.object();
    body.put("instances", instances);
    return updateApp(appId, body, force);
  }

  /** DELETE /v2/apps/{id}: the deployment id, or empty when there is no such app. */
  public Optional<String> destroyApp(String appId) {
    String path = "/v2/apps" + AppId.parse(appId).urlPath();
    Answer a = exchange("DELETE", path, null, true);
    if (a.status() == 404) {
      return Optional.empty();
    }
    if (a.status() == 200 || a.status() == 202) {
      return Optional.of(a.deploymentId());
    }
    throw unexpected(a, "DELETE", path, "");
  }

  /** The app with its tasks, counts, deployments and last failure; empty when there is no such app. */
  public Optional<AppStatus> app(String appId) {
    return appJson(appId).map(AppStatus::from);
  }

  /** The app as the scheduler returns it, definition included; empty when there is no such app. */
  public Optional<ObjectNode> appJson(String appId) {
    String path = "/v2/apps" + AppId.parse(appId).urlPath() + "?" + APP_EMBEDS;
    Answer a = exchange("GET", path, null, true);
    if (a.status() == 404) {
      return Optional.empty();
    }
    if (a.status() != 200) {
      throw unexpected(a, "GET", path, "");
    }
    JsonNode app = a.json().get("app");
    if (app == null || !app.isObject()) {
      throw new SchedulerException(a.status(), "scheduler at " + base + " answered GET " + path
          + " without an \"app\" object", null, null);
    }
    return Optional.of((ObjectNode) app);
  }

  /**
   * Every app whose id starts with {@code idPrefix}, with tasks and deployments, in one request.
   * Marathon's {@code id} filter matches anywhere in the id, so the prefix is checked here again.
   */
  public List<AppStatus> apps(String idPrefix) {
    return appsJson(idPrefix).stream().map(AppStatus::from).toList();
  }

  /** {@link #apps} as the scheduler returns them, definitions included (ports, health checks, labels). */
  public List<ObjectNode> appsJson(String idPrefix) {
    String path = "/v2/apps?" + (idPrefix == null || idPrefix.isEmpty() ? ""
        : "id=" + URLEncoder.encode(idPrefix, StandardCharsets.UTF_8) + "&") + APPS_EMBEDS;
    Answer a = exchange("GET", path, null, true);
    if (a.status() != 200) {
      throw unexpected(a, "GET", path, "");
    }
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode app : MarathonFields.array(a.json(), "apps")) {
      String id = MarathonFields.text(app, "id");
      if (app.isObject() && (idPrefix == null || (id != null && id.startsWith(idPrefix)))) {
        out.add((ObjectNode) app);
      }
    }
    return out;
  }

  /** The deployments still running. */
  public List<DeploymentStatus> deployments() {
    String path = "/v2/deployments";
    Answer a = exchange("GET", path, null, true);
    if (a.status() != 200 || !a.json().isArray()) {
      throw unexpected(a, "GET", path, "");
    }
    List<DeploymentStatus> out = new ArrayList<>();
    a.json().forEach(d -> out.add(DeploymentStatus.from(d)));
    return out;
  }

  /** Waits until the deployment is gone from the list, which is how Marathon says it finished. */
  public void awaitDeployment(String deploymentId, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Optional<DeploymentStatus> current = deployments().stream().filter(d -> deploymentId.equals(d.id())).findFirst();
      if (current.isEmpty()) {
        return;
      }
      if (!Instant.now().isBefore(deadline)) {
        List<String> actions = current.get().currentActions();
        throw new DeploymentTimeoutException(deploymentId, timeout,
            actions.isEmpty() ? "" : " (still at: " + String.join(", ", actions) + ")");
      }
      pause(settings.pollInterval());
    }
  }

  /** GET /v2/info. */
  public JsonNode info() {
    Answer a = exchange("GET", "/v2/info", null, true);
    if (a.status() != 200) {
      throw unexpected(a, "GET", "/v2/info", "");
    }
    return a.json();
  }

  /** GET /metrics (Marathon's Dropwizard JSON: gauges, counters, ...). */
  public JsonNode metrics() {
    Answer a = exchange("GET", "/metrics", null, true);
    if (a.status() != 200) {
      throw unexpected(a, "GET", "/metrics", "");
    }
    return a.json();
  }

  /** GET /ping; returns normally when the scheduler answers 200. */
  public void ping() {
    Answer a = exchange("GET", "/ping", null, true);
    if (a.status() != 200) {
      throw unexpected(a, "GET", "/ping", "");
    }
  }

  private Answer exchange(String method, String path, JsonNode body, boolean idempotent) {
    HttpRequest request = request(method, path, body);
    RetryPolicy retry = settings.retry();
    String reason;
    int lastStatus = 0;
    Throwable cause = null;
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        Answer answer = new Answer(r.statusCode(), r.headers().firstValue(DEPLOYMENT_HEADER).orElse(null), r.body(),
            base + path);
        // The server answered a POST: resending it could create twice, so its 5xx goes to the caller.
        if (answer.status() < 500 || !idempotent) {
          return answer;
        }
        reason = "HTTP " + answer.status() + " " + answer.message();
        lastStatus = answer.status();
      } catch (IOException e) {
        if (!idempotent && !nothingWasSent(e)) {
          throw new SchedulerException(0, "no answer from the scheduler at " + base + " to " + method + " " + path
              + ": " + describe(e) + "; the change may or may not have been made",
              "look at the scheduler's apps before trying again", e);
        }
        reason = describe(e);
        cause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ZetaException("interrupted while waiting for the scheduler at " + base, e);
      }
      if (attempt >= retry.maxAttempts()) {
        throw new SchedulerUnreachableException(base, reason, attempt, lastStatus, cause);
      }
      pause(retry.backoffAfter(attempt));
    }
  }

  private HttpRequest request(String method, String path, JsonNode body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(settings.requestTimeout())
        .header("Accept", "application/json");
    settings.tokenIfAny().ifPresent(t -> b.header("Authorization", "token=" + t));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(Json.compact(body)));
    }
    return b.build();
  }

  /** True when the request cannot have reached the server. */
  private static boolean nothingWasSent(IOException e) {
    return e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
  }

  private String describe(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within " + settings.connectTimeout().toMillis() + " ms";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + settings.requestTimeout().toMillis() + " ms";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? e.getClass().getSimpleName() : t.getMessage();
  }

  private SchedulerException unexpected(Answer a, String method, String path, String consequence) {
    String what = "scheduler at " + base + " answered " + method + " " + path + " with HTTP " + a.status();
    return switch (a.status()) {
      case 400, 422 -> new InvalidAppException(a.status(), "the scheduler refused the app (HTTP " + a.status() + "): "
          + a.message(), a.details());
      case 401, 403 -> new SchedulerException(a.status(), what + ": " + a.message(),
          "check the token Zeta sends (a DC/OS token expires; get a new one)", null);
      default -> new SchedulerException(a.status(), what + ": " + a.message() + consequence, null, null);
    };
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZetaException("interrupted while waiting for the scheduler", e);
    }
  }

  /** One HTTP answer and the Marathon fields callers look for in it. */
  private record Answer(int status, String deploymentHeader, byte[] body, String url) {
    JsonNode json() {
      try {
        return Json.parse(body, url);
      } catch (ZetaException e) {
        throw new SchedulerException(status, "scheduler answered " + url + " with something that is not JSON: "
            + snippet(), null, e);
      }
    }

    private JsonNode jsonOrNull() {
      try {
        return body.length == 0 ? null : Json.MAPPER.readTree(body);
      } catch (IOException e) {
        return null;
      }
    }

    /** Marathon's {@code message}, or the start of a non-JSON body. */
    String message() {
      JsonNode j = jsonOrNull();
      if (j != null && j.hasNonNull("message")) {
        return j.get("message").asText();
      }
      return snippet();
    }

    List<AppViolation> details() {
      JsonNode j = jsonOrNull();
      List<AppViolation> out = new ArrayList<>();
      if (j == null) {
        return out;
      }
      for (JsonNode d : MarathonFields.array(j, "details")) {
        String path = d.path("path").asText("");
        List<JsonNode> errors = MarathonFields.array(d, "errors");
        if (errors.isEmpty()) {
          out.add(new AppViolation(path, "invalid"));
        }
        errors.forEach(e -> out.add(new AppViolation(path, e.asText())));
      }
      return out;
    }

    List<String> deploymentIds() {
      JsonNode j = jsonOrNull();
      return j == null ? List.of()
          : MarathonFields.array(j, "deployments").stream().map(d -> d.path("id").asText()).toList();
    }

    String deploymentId() {
      if (deploymentHeader != null && !deploymentHeader.isBlank()) {
        return deploymentHeader;
      }
      JsonNode j = jsonOrNull();
      if (j != null && j.hasNonNull("deploymentId")) {
        return j.get("deploymentId").asText();
      }
      List<String> ids = deploymentIds();
      if (!ids.isEmpty()) {
        return ids.get(0);
      }
      throw new SchedulerException(status, "scheduler answered " + url + " without a deployment id (no "
          + DEPLOYMENT_HEADER + " header, no deploymentId or deployments in the body)", null, null);
    }

    private String snippet() {
      String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
      if (text.isEmpty()) {
        return "(empty body)";
      }
      return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
  }
}
