package io.zeta.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.cluster.Cluster;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.identity.ServerIdentity;
import io.zeta.json.Json;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.lifecycle.ArtifactFetcher;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.server.Authentication;
import io.zeta.server.CosmosServer;
import io.zeta.server.MarathonProxy;
import io.zeta.server.Packages;
import io.zeta.server.ServedCluster;
import io.zeta.server.ServedInstances;
import io.zeta.server.ServerAudit;
import io.zeta.testing.Cli;
import io.zeta.testing.Slapd;
import io.zeta.testing.TestAgents;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /zeta/v1/events} over real HTTP against the embedded agent (real tasks) and a real
 * slapd: the admin's stream gets the scheduler's status updates; alice (role prod) gets those of
 * /prod apps and never one of /dev; Zeta's own changes through the API (an uninstall) reach the
 * principals who may read the role; 401 without authentication; at most 6 streams per principal;
 * a console session's stream ends at logout.
 */
class ConsoleEventsTest {
  static final String LOCAL = "events-admin-token-0123456789abcdef";
  static final String ALICE_PW = "alice-events-pw-31";
  static final String BOB_PW = "bob-events-pw-47";
  static final String CAROL_PW = "carol-events-pw-59";
  static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  static Path tmp;
  static Slapd slapd;
  static EmbeddedScheduler agent;
  static Cluster cluster;
  static CosmosServer server;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Slapd.available(), "no /usr/sbin/slapd on this machine (apt-get install slapd)");
    slapd = Slapd.start(tmp.resolve("slapd"));
    agent = EmbeddedScheduler.start(AgentConfig.defaults(tmp.resolve("agent")).withResources(TestAgents.AMPLE)
        .withKillGracePeriod(Duration.ofSeconds(1)));
    Path root = tmp.resolve("cluster");
    Cli cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toUri().toString());
    Path pw = slapd.passwordFile(tmp.resolve("bind.pw"));
    cli.ok("cluster", "init", "--root", root.toUri().toString(), "--scheduler", agent.url().toString(), "--ldap",
        slapd.url(), "--ldap-base", Slapd.BASE, "--bind-dn", Slapd.ROOT_DN, "--bind-password-file", pw.toString());
    cli.ok("package", "repo", "add", "zeta", Path.of("packages").toAbsolutePath().toString());
    cli.ok("role", "add", "prod", "--uid-start", "2000000");
    cli.ok("role", "add", "dev", "--uid-start", "3000000");
    cli.ok("user", "add", "alice", "--role", "prod");
    cli.ok("user", "add", "bob", "--role", "dev");
    cli.ok("user", "add", "carol", "--role", "dev");
    cli.ok("package", "install", "hello", "--role", "prod", "--id", "hello1", "--stage");
    try (var c = slapd.connect()) {
      c.modify("uid=alice,ou=people," + Slapd.BASE, new com.unboundid.ldap.sdk.Modification(
          com.unboundid.ldap.sdk.ModificationType.REPLACE, "userPassword", ALICE_PW));
      c.modify("uid=bob,ou=people," + Slapd.BASE, new com.unboundid.ldap.sdk.Modification(
          com.unboundid.ldap.sdk.ModificationType.REPLACE, "userPassword", BOB_PW));
      c.modify("uid=carol,ou=people," + Slapd.BASE, new com.unboundid.ldap.sdk.Modification(
          com.unboundid.ldap.sdk.ModificationType.REPLACE, "userPassword", CAROL_PW));
    }
    cluster = Cluster.open(root.toUri());
    ServerIdentity identity = ServerIdentity.of(cluster, "0");
    cluster.closing(identity);
    ServedCluster served = ServedCluster.of(cluster.name(), cluster.config().root());
    Authentication auth = Authentication.forCluster(LOCAL, identity, Authentication.signingKey(cluster.storage()),
        served.id(), Duration.ofHours(8));
    Packages packages = new Packages(cluster.repositories(), tmp.resolve("cache"), Duration.ofMinutes(1));
    ServedInstances instances = new ServedInstances(cluster, request -> auth.of(request).access(),
        () -> AppRuntime.of(TestAgents.client(agent)), c -> new ArtifactFetcher(new Configuration()));
    WebConsole console = new WebConsole(packages, Optional.of(cluster), auth, false, false, Optional.empty());
    server = CosmosServer.start(HttpServerConfig.loopback(0).withToken(LOCAL).withRealm("zeta-serve"), packages,
        tmp.resolve("cache"), served, Optional.of(cluster.audit()), auth, ServerAudit.of(Optional.of(cluster)),
        Optional.<MarathonProxy.Upstream>of(() -> new MarathonProxy.Target(agent.url(), agent.token())),
        Optional.of(instances), RequestLog.NONE, console.resources(), console::authenticator);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (agent != null) {
      agent.close();
    }
    if (slapd != null) {
      slapd.close();
    }
  }

  static URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  static EventStream stream(String token) throws Exception {
    return EventStream.open(url("/zeta/v1/events"), token == null ? Map.of() : Map.of("Authorization", "token=" + token));
  }

  static String login(String uid, String password) throws Exception {
    HttpResponse<String> r = EventStream.HTTP.send(HttpRequest.newBuilder(url("/acs/api/v1/auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"uid\": \"" + uid + "\", \"password\": \"" + password + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body(), "login").path("token").asText();
  }

  /** Creates an app on the agent directly (as another scheduler client would), not through zeta serve. */
  static void createApp(String id) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(agent.url().toString().replaceAll("/+$", "") + "/v2/apps"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + id + "\", \"cmd\": \"sleep 600\", \"cpus\": 0.01, "
            + "\"mem\": 8, \"instances\": 1}"));
    agent.token().ifPresent(t -> b.header("Authorization", "token=" + t));
    HttpResponse<String> r = EventStream.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
  }

  static boolean running(EventStream.Event e, String app) {
    return e.name().equals("status_update_event") && EventStream.names(e, app)
        && e.data().path("taskStatus").asText().equals("TASK_RUNNING");
  }

  @Test
  void eachPrincipalReceivesTheEventsOfTheRolesItMayReadOnly() throws Exception {
    String alice = login("alice", ALICE_PW);
    try (EventStream admin = stream(LOCAL); EventStream prod = stream(alice)) {
      assertThat(admin.status).as(admin.body).isEqualTo(200);
      assertThat(prod.status).as(prod.body).isEqualTo(200);
      assertThat(admin.await(e -> e.name().equals("hello"), WAIT, "hello").data().path("admin").asBoolean()).isTrue();
      assertThat(prod.await(e -> e.name().equals("hello"), WAIT, "hello").data().path("principal").asText())
          .isEqualTo("alice");
      // One subscription to the agent serves both streams.
      admin.await(e -> e.name().equals("scheduler") && e.data().path("connected").asBoolean(), WAIT, "scheduler up");
      prod.await(e -> e.name().equals("scheduler") && e.data().path("connected").asBoolean(), WAIT, "scheduler up");

      createApp("/dev/tool");
      EventStream.Event up = admin.await(e -> running(e, "/dev/tool"), WAIT, "TASK_RUNNING of /dev/tool");
      assertThat(up.data().path("appIds").get(0).asText()).isEqualTo("/dev/tool");
      // Only the reduced event: no Marathon payload (hosts, ports, plans) reaches browsers.
      assertThat(up.data().has("host")).isFalse();
      admin.await(e -> e.name().equals("deployment_success") && EventStream.names(e, "/dev/tool"), WAIT,
          "the deployment of /dev/tool");

      // Then a prod app: once alice has its events, she has had every earlier one, and none of /dev.
      createApp("/prod/web");
      prod.await(e -> running(e, "/prod/web"), WAIT, "TASK_RUNNING of /prod/web");
      prod.await(e -> e.name().equals("deployment_success") && EventStream.names(e, "/prod/web"), WAIT,
          "the deployment of /prod/web");
      admin.await(e -> running(e, "/prod/web"), WAIT, "TASK_RUNNING of /prod/web for the admin");
      List<String> seen = new ArrayList<>();
      for (EventStream.Event e : prod.events()) {
        seen.add(e.name() + " " + e.data());
      }
      assertThat(seen).isNotEmpty().noneMatch(s -> s.contains("/dev"));
      assertThat(seen).anyMatch(s -> s.startsWith("status_update_event") && s.contains("/prod/web"));
    }
  }

  @Test
  void zetasOwnChangesReachThoseWhoMayReadTheRole() throws Exception {
    String alice = login("alice", ALICE_PW);
    String bob = login("bob", BOB_PW);
    try (EventStream admin = stream(LOCAL); EventStream prod = stream(alice); EventStream dev = stream(bob)) {
      for (EventStream s : List.of(admin, prod, dev)) {
        assertThat(s.status).as(s.body).isEqualTo(200);
        s.await(e -> e.name().equals("hello"), WAIT, "hello");
      }
      // Through the API (as the DC/OS CLI or the console sends it): the uninstall of /prod/hello1.
      HttpResponse<String> r = EventStream.HTTP.send(HttpRequest.newBuilder(url("/package/uninstall"))
          .header("Content-Type", "application/vnd.dcos.package.uninstall-request+json;charset=utf-8;version=v1")
          .header("Accept", "application/vnd.dcos.package.uninstall-response+json;charset=utf-8;version=v1")
          .header("Authorization", "token=" + alice)
          .POST(HttpRequest.BodyPublishers.ofString("{\"packageName\": \"hello\", \"appId\": \"/prod/hello1\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      for (EventStream s : List.of(admin, prod)) {
        JsonNode e = s.await(x -> x.name().equals("zeta_changed"), WAIT, "zeta_changed").data();
        assertThat(e.path("action").asText()).isEqualTo("uninstall");
        assertThat(e.path("appIds").get(0).asText()).isEqualTo("/prod/hello1");
      }
      // bob (dev) hears nothing of it: a heartbeat's worth of waiting, then his stream has no zeta_changed.
      Thread.sleep(2000);
      assertThat(dev.events()).noneMatch(e -> e.name().equals("zeta_changed") || e.data().toString().contains("/prod"));
    }
  }

  @Test
  void withoutAuthenticationTheStreamIsRefused() throws Exception {
    try (EventStream none = stream(null); EventStream wrong = stream("not-the-token")) {
      assertThat(none.status).isEqualTo(401);
      assertThat(wrong.status).isEqualTo(401);
      assertThat(none.body).doesNotContain("event:");
    }
    try (EventStream cookie = EventStream.open(url("/zeta/v1/events"), Map.of("Cookie", "zeta_session=forged"))) {
      assertThat(cookie.status).isEqualTo(401);
    }
  }

  @Test
  void aPrincipalMayHoldSixStreamsAtMost() throws Exception {
    // carol's streams only (the server notices a closed stream at its next write, up to a heartbeat later).
    String carol = login("carol", CAROL_PW);
    List<EventStream> open = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        EventStream s = stream(carol);
        open.add(s);
        assertThat(s.status).as(s.body).isEqualTo(200);
      }
      try (EventStream seventh = stream(carol)) {
        assertThat(seventh.status).isEqualTo(429);
        assertThat(seventh.body).contains("6 event streams");
      }
      // Another principal is not affected.
      try (EventStream admin = stream(LOCAL)) {
        assertThat(admin.status).isEqualTo(200);
      }
      // One closed: once the server has noticed (its next heartbeat fails), carol may open another.
      open.remove(0).close();
      long end = System.nanoTime() + Duration.ofSeconds(50).toNanos();
      EventStream again = null;
      while (System.nanoTime() < end) {
        again = stream(carol);
        if (again.status == 200) {
          break;
        }
        again.close();
        Thread.sleep(1000);
      }
      assertThat(again.status).as(again.body).isEqualTo(200);
      open.add(again);
    } finally {
      open.forEach(EventStream::close);
    }
  }

  @Test
  void anUnreachableSchedulerIsSaidAndTheServerReconnects() throws Exception {
    // A port nothing listens on (bound, then closed), then the agent: the upstream is asked at each attempt.
    int dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    java.util.concurrent.atomic.AtomicReference<URI> where =
        new java.util.concurrent.atomic.AtomicReference<>(URI.create("http://127.0.0.1:" + dead));
    Authentication local = Authentication.localOnly(LOCAL);
    ServedInstances instances = new ServedInstances(cluster, request -> cluster.access(),
        () -> AppRuntime.of(TestAgents.client(agent)), c -> new ArtifactFetcher(new Configuration()));
    try (CosmosServer other = CosmosServer.start(HttpServerConfig.loopback(0).withToken(LOCAL),
        new Packages(cluster.repositories(), tmp.resolve("cache2"), Duration.ofMinutes(1)), tmp.resolve("cache2"),
        ServedCluster.of(cluster.name(), cluster.config().root()), Optional.empty(), local, ServerAudit.none(),
        Optional.<MarathonProxy.Upstream>of(() -> new MarathonProxy.Target(where.get(), agent.token())),
        Optional.of(instances), RequestLog.NONE);
        EventStream s = EventStream.open(URI.create("http://127.0.0.1:" + other.port() + "/zeta/v1/events"),
            Map.of("Authorization", "token=" + LOCAL))) {
      assertThat(s.status).as(s.body).isEqualTo(200);
      EventStream.Event down = s.await(e -> e.name().equals("scheduler") && !e.data().path("connected").asBoolean(),
          WAIT, "scheduler unreachable");
      assertThat(down.data().path("message").asText()).contains("cannot be reached");
      where.set(agent.url());
      // Retried after 1, 2, 4... s: up within the backoff's first steps.
      s.await(e -> e.name().equals("scheduler") && e.data().path("connected").asBoolean(), Duration.ofSeconds(40),
          "scheduler reconnected");
      createApp("/dev/later");
      s.await(e -> running(e, "/dev/later"), WAIT, "TASK_RUNNING of /dev/later after the reconnection");
    }
  }

  @Test
  void aConsoleSessionsStreamEndsAtLogout() throws Exception {
    HttpResponse<String> login = EventStream.HTTP.send(HttpRequest.newBuilder(url("/zeta/v1/web/session"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"uid\": \"alice\", \"password\": \"" + ALICE_PW + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
    try (EventStream s = EventStream.open(url("/zeta/v1/events"), Map.of("Cookie", cookie))) {
      assertThat(s.status).as(s.body).isEqualTo(200);
      assertThat(s.await(e -> e.name().equals("hello"), WAIT, "hello").data().path("principal").asText())
          .isEqualTo("alice");
      String csrf = Json.parse(login.body(), "session").path("csrfToken").asText();
      HttpResponse<String> out = EventStream.HTTP.send(HttpRequest.newBuilder(url("/zeta/v1/web/session"))
          .header("Cookie", cookie).header("X-CSRF-Token", csrf).DELETE().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(out.statusCode()).isEqualTo(204);
      s.await(e -> e.name().equals("unauthenticated"), Duration.ofSeconds(15), "unauthenticated after the logout");
      assertThat(s.awaitEnd(Duration.ofSeconds(15))).as("the server ended the stream").isTrue();
    }
  }
}
