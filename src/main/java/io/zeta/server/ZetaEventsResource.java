package io.zeta.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.Authenticator;
import io.zeta.http.HttpError;
import io.zeta.http.Request;
import io.zeta.http.RequestLog;
import io.zeta.http.Resource;
import io.zeta.http.ResponseStream;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /zeta/v1/events}: the console's live updates, as server-sent events. The server reads
 * the scheduler's {@code /v2/events} (Marathon's or the agent's, with the cluster's scheduler token)
 * once, whatever the number of clients, and fans each event out to every stream whose principal
 * may read the roles of the apps it names; an event naming no app reaches admins only. Browsers get
 * a reduced event ({@code eventType}, {@code appIds}, the task's state, the timestamp), never
 * Marathon's payload (deployment plans hold app definitions, their environment included).
 *
 * <p>Besides the scheduler's: {@code zeta_changed} when a change through this server succeeded
 * (install, uninstall, the instance verbs, stages: see {@link #changes}), {@code scheduler} when the
 * scheduler's stream is up or cannot be reached (reconnected with backoff), and {@code hello} first.
 * Streams are bounded per principal and overall (429), carry a heartbeat comment, and are
 * re-authenticated every few seconds with the request that opened them: a logout, an expired session
 * or login token ends the stream with {@code event: unauthenticated}.
 */
final class ZetaEventsResource implements Resource, AutoCloseable {
  static final String PATH = "/zeta/v1/events";
  static final int MAX_PER_PRINCIPAL = 6;
  static final int MAX_STREAMS = 256;
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  static final Duration RECHECK = Duration.ofSeconds(3);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** A scheduler event larger than this is skipped (light plans keep deployments far below it). */
  static final int MAX_LINE = 1 << 20;
  /** The scheduler's events the console follows (asked with {@code event_type}, so the rest never comes). */
  static final List<String> TYPES = List.of("status_update_event", "instance_changed_event",
      "health_status_changed_event", "app_terminated_event", "deployment_info", "deployment_success",
      "deployment_failed", "deployment_step_success", "deployment_step_failure", "unhealthy_instance_kill_event",
      "failed_health_check_event");
  private static final byte[] HEARTBEAT_FRAME = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

  /** One browser's stream: whose, and which roles it was found to read (forgotten at each recheck). */
  private final class Client {
    final ResponseStream stream;
    final RequestPrincipal who;
    final Map<String, Boolean> reads = new ConcurrentHashMap<>();

    Client(ResponseStream stream, RequestPrincipal who) {
      this.stream = stream;
      this.who = who;
    }

    boolean mayRead(String role) {
      return who.isAdmin() || reads.computeIfAbsent(role, who::mayRead);
    }
  }

  private final Authentication auth;
  private final Authenticator front;
  private final Optional<MarathonProxy.Upstream> upstream;
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "zeta-events-timer"));
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final Object state = new Object();
  private Thread reader;
  private volatile boolean closed;
  private volatile boolean connected;
  private volatile boolean known;
  private volatile String problem = "not connected yet";
  private volatile InputStream current;

  /**
   * @param front the server's authenticator (session cookie, then tokens), asked again at each recheck
   * @param upstream the scheduler; empty when this server has none (the stream says so)
   */
  ZetaEventsResource(Authentication auth, Authenticator front, Optional<MarathonProxy.Upstream> upstream) {
    this.auth = auth;
    this.front = front;
    this.upstream = upstream;
    timer.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::recheck, RECHECK.toMillis(), RECHECK.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void register(Routes routes) {
    routes.stream(PATH, this::subscribe);
  }

  private void subscribe(Request request, ResponseStream stream) {
    RequestPrincipal who = auth.of(request);
    Client c = new Client(stream, who);
    // Checked, opened and added at once: the limits hold under concurrent subscriptions, and no
    // event is sent to a stream before it is open.
    synchronized (clients) {
      if (clients.size() >= MAX_STREAMS) {
        throw HttpError.of(429, "Too Many Requests: this server has " + MAX_STREAMS + " event streams open; "
            + "try again later");
      }
      long mine = clients.stream().filter(o -> o.who.name().equals(who.name())).count();
      if (mine >= MAX_PER_PRINCIPAL) {
        throw HttpError.of(429, "Too Many Requests: " + who.name() + " has " + MAX_PER_PRINCIPAL
            + " event streams open (a console tab holds one); close one");
      }
      stream.open(200, "text/event-stream", Map.of("X-Accel-Buffering", "no"));
      // The reconnect delay EventSource waits after a drop, then who the stream is for.
      stream.send("retry: 3000\n\n".getBytes(StandardCharsets.UTF_8));
      ObjectNode hello = Json.object();
      hello.put("principal", who.name());
      hello.put("admin", who.isAdmin());
      stream.send(frame("hello", hello));
      clients.add(c);
      // Before the first attempt to reach the scheduler has ended, its state comes when it is known.
      if (known) {
        stream.send(frame("scheduler", schedulerState()));
      }
    }
    stream.onClose(() -> clients.remove(c));
    startReader();
  }

  // ---- the scheduler's stream, read once

  private void startReader() {
    synchronized (state) {
      if (reader != null || closed) {
        return;
      }
      reader = new Thread(this::readForever, "zeta-events-reader");
      reader.setDaemon(true);
      reader.start();
    }
  }

  private void readForever() {
    long backoff = 1000;
    while (!closed) {
      try {
        MarathonProxy.Target t = upstream.orElseThrow(() -> new IOException(
            "this server has no scheduler (zeta serve runs without a cluster's scheduler)")).target();
        String query = "?plan-format=light&" + String.join("&", TYPES.stream().map(s -> "event_type=" + s).toList());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(t.url().toString().replaceAll("/+$", "")
            + "/v2/events" + query)).header("Accept", "text/event-stream").GET();
        t.token().ifPresent(tok -> b.header("Authorization", "token=" + tok));
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
          if (r.statusCode() != 200) {
            throw new IOException("the scheduler answered HTTP " + r.statusCode() + " to GET /v2/events");
          }
          current = in;
          setConnected(true, null);
          backoff = 1000;
          read(in);
        }
        if (!closed) {
          setConnected(false, "the scheduler closed its event stream");
        }
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          setConnected(false, "the scheduler's event stream cannot be reached: " + io.zeta.Causes.describe(e));
        }
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
    }
  }

  /** Server-sent events: {@code event:} and {@code data:} lines, a blank line ends one; comments skipped. */
  private void read(InputStream in) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
    String type = null;
    StringBuilder data = new StringBuilder();
    boolean tooLong = false;
    while (!closed) {
      String line = boundedLine(lines);
      if (line == null) {
        return;
      }
      if (line == TOO_LONG) {
        tooLong = true;
        continue;
      }
      if (line.isEmpty()) {
        if (!tooLong && data.length() > 0) {
          dispatch(type, data.toString());
        }
        type = null;
        data.setLength(0);
        tooLong = false;
      } else if (line.startsWith("event:")) {
        type = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        if (data.length() + line.length() > MAX_LINE) {
          tooLong = true;
        } else {
          data.append(line.substring(5).trim());
        }
      }
    }
  }

  private static final String TOO_LONG = new String("too long");

  /** A line of at most MAX_LINE characters; longer ones are read to their end and answered TOO_LONG. */
  private static String boundedLine(BufferedReader in) throws IOException {
    StringBuilder b = new StringBuilder();
    boolean over = false;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return b.length() == 0 && !over ? null : over ? TOO_LONG : b.toString();
      }
      if (c == '\n') {
        return over ? TOO_LONG : b.toString();
      }
      if (c == '\r') {
        continue;
      }
      if (!over) {
        if (b.length() >= MAX_LINE) {
          over = true;
          b.setLength(0);
        } else {
          b.append((char) c);
        }
      }
    }
  }

  private void dispatch(String type, String data) {
    JsonNode e;
    try {
      e = Json.parse(data, "a scheduler event");
    } catch (RuntimeException ex) {
      return;
    }
    String eventType = type != null ? type : e.path("eventType").asText("");
    if (!TYPES.contains(eventType)) {
      return;
    }
    ObjectNode out = Json.object();
    out.put("eventType", eventType);
    Set<String> apps = appIds(e);
    out.putArray("appIds");
    if (e.hasNonNull("taskStatus")) {
      out.put("taskStatus", e.get("taskStatus").asText());
    }
    if (e.hasNonNull("condition")) {
      out.put("condition", e.get("condition").asText());
    }
    if (e.has("alive")) {
      out.put("alive", e.get("alive").asBoolean());
    }
    if (e.hasNonNull("timestamp")) {
      out.put("timestamp", e.get("timestamp").asText());
    }
    publish(eventType, out, apps);
  }

  /** The apps an event is about: appId, runSpecId, or the actions of a deployment's steps. */
  static Set<String> appIds(JsonNode e) {
    Set<String> ids = new LinkedHashSet<>();
    for (String f : List.of("appId", "runSpecId")) {
      if (e.hasNonNull(f)) {
        ids.add(e.get(f).asText());
      }
    }
    for (JsonNode step : List.of(e.path("currentStep"), e.path("plan").path("steps"))) {
      for (JsonNode s : step.isArray() ? step : List.of(step)) {
        for (JsonNode a : s.path("actions")) {
          if (a.hasNonNull("app")) {
            ids.add(a.get("app").asText());
          }
          if (a.hasNonNull("pod")) {
            ids.add(a.get("pod").asText());
          }
        }
      }
    }
    return ids;
  }

  /** The role of an app id {@code /<role>/<id>[/...]}; empty for one outside any role (admins only). */
  static Optional<String> roleOf(String appId) {
    String p = appId.startsWith("/") ? appId.substring(1) : appId;
    int slash = p.indexOf('/');
    if (slash <= 0 || slash == p.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(p.substring(0, slash));
  }

  /**
   * Sends the event to each client that may read it: the app ids are reduced to those of roles the
   * principal may read; an event with none left (or naming none) goes to admins only.
   */
  private void publish(String type, ObjectNode body, Set<String> apps) {
    for (Client c : clients) {
      List<String> visible = new ArrayList<>();
      for (String id : apps) {
        Optional<String> role = roleOf(id);
        if (c.who.isAdmin() || role.isPresent() && c.mayRead(role.get())) {
          visible.add(id);
        }
      }
      if (visible.isEmpty() && !c.who.isAdmin()) {
        continue;
      }
      ObjectNode mine = body.deepCopy();
      visible.forEach(mine.withArray("appIds")::add);
      c.stream.send(frame(type, mine));
    }
  }

  private void setConnected(boolean up, String why) {
    boolean changed;
    synchronized (state) {
      changed = !known || up != connected || !up && !java.util.Objects.equals(why, problem);
      known = true;
      connected = up;
      problem = why;
    }
    if (changed) {
      ObjectNode s = schedulerState();
      for (Client c : clients) {
        c.stream.send(frame("scheduler", s));
      }
    }
  }

  private ObjectNode schedulerState() {
    ObjectNode s = Json.object();
    s.put("connected", connected);
    if (!connected && problem != null) {
      s.put("message", problem);
    }
    return s;
  }

  // ---- Zeta's own changes

  /**
   * Told about every answered request: a successful change of an instance or a stage through this
   * server becomes {@code zeta_changed} with its role and id where the request names them.
   */
  RequestLog changes() {
    return (request, route, status, nanos) -> {
      if (route == null || status >= 400 || request.method().equals("GET") || request.method().equals("HEAD")) {
        return;
      }
      ObjectNode e = Json.object();
      e.put("eventType", "zeta_changed");
      Set<String> apps = new LinkedHashSet<>();
      switch (route) {
        case "/package/install", "/package/uninstall" -> {
          e.put("action", route.substring("/package/".length()));
          appIdOf(request, route.equals("/package/install")).ifPresent(apps::add);
        }
        case "/zeta/v1/stages/{pkg}", "/zeta/v1/stages/{pkg}/{version}" -> e.put("action", "stage");
        default -> {
          if (route.startsWith("/zeta/v1/instances/{role}/{id}/")) {
            e.put("action", route.substring(route.lastIndexOf('/') + 1));
            apps.add("/" + request.param("role") + "/" + request.param("id"));
          } else if (route.endsWith("/service/update")) {
            e.put("action", "update");
            appIdOf(request, false).ifPresent(apps::add);
          } else {
            return;
          }
        }
      }
      e.putArray("appIds");
      e.put("timestamp", java.time.Instant.now().toString());
      // Stages name no role: every principal may list the stages, so everyone hears of them.
      if (e.path("action").asText().equals("stage")) {
        for (Client c : clients) {
          c.stream.send(frame("zeta_changed", e));
        }
      } else {
        publish("zeta_changed", e, apps);
      }
    };
  }

  /**
   * Cosmos's {@code appId} in a request's JSON body (install, uninstall, update), when there is one;
   * for an install without one, Cosmos's default ({@code /shared/<package>}).
   */
  private static Optional<String> appIdOf(Request request, boolean installDefault) {
    try {
      if (request.bodyLength() == 0) {
        return Optional.empty();
      }
      JsonNode body = Json.parseUntrustedObject(request.body(), "the request body");
      String id = body.path("appId").asText("");
      if (id.isEmpty()) {
        // Cosmos's default app id: the package's name, which Zeta puts in the shared role.
        String pkg = body.path("packageName").asText("");
        return pkg.isEmpty() || !installDefault ? Optional.empty() : Optional.of("/" + InstanceAppId.DEFAULT_ROLE + "/" + pkg);
      }
      return Optional.of((id.startsWith("/") ? "" : "/") + id);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  // ---- upkeep

  private void beat() {
    for (Client c : clients) {
      c.stream.send(HEARTBEAT_FRAME);
    }
  }

  /** Each stream's request authenticated again: a logout or an expired session or token ends it. */
  private void recheck() {
    for (Client c : clients) {
      c.reads.clear();
      String now;
      try {
        now = front.authenticate(c.stream.request());
      } catch (RuntimeException e) {
        now = null;
      }
      if (now == null || !now.equals(c.stream.request().principal())) {
        ObjectNode why = Json.object();
        why.put("message", "the session or the token has ended; log in again");
        c.stream.send(frame("unauthenticated", why));
        c.stream.close();
        clients.remove(c);
      }
    }
  }

  private static byte[] frame(String type, JsonNode body) {
    return ("event: " + type + "\ndata: " + Json.compact(body) + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  int openStreams() {
    return clients.size();
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    InputStream in = current;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // Closing anyway.
      }
    }
    synchronized (state) {
      if (reader != null) {
        reader.interrupt();
      }
    }
    for (Client c : clients) {
      c.stream.close();
    }
  }
}
