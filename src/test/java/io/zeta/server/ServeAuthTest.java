package io.zeta.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.zeta.cluster.Cluster;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.identity.Principal;
import io.zeta.identity.ServerIdentity;
import io.zeta.json.Json;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.testing.Cli;
import io.zeta.testing.Slapd;
import io.zeta.testing.TestAgents;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zeta serve}'s login and {@code /service/marathon} over real HTTP on 127.0.0.1: a real slapd
 * holds alice (a member of prod, password set in the directory) and bob (dev); the cluster's
 * scheduler is a real embedded agent. Logins are LDAP binds answered by HS256 tokens; expired,
 * forged and unsigned tokens get 401; alice manages /prod apps through the proxy, bob gets 403 in
 * Cosmos's shape and sees no /prod app in any list; every change is audited with its principal.
 */
class ServeAuthTest {
  static final String LOCAL = "local-admin-token-0123456789abcdef";
  static final String ALICE_PW = "alice-secret-pw-31";
  static final String BOB_PW = "bob-secret-pw-47";
  static final String CAROL_PW = "carol-secret-pw-59";
  static final String AUDIT = "zeta/kstore/audit/audit.log";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  static Path tmp;
  static Slapd slapd;
  static EmbeddedScheduler agent;
  static Cluster cluster;
  static Path root;
  static CosmosServer server;
  static ServedCluster served;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Slapd.available(), "no /usr/sbin/slapd on this machine (apt-get install slapd)");
    slapd = Slapd.start(tmp.resolve("slapd"));
    agent = EmbeddedScheduler.start(AgentConfig.defaults(tmp.resolve("agent")).withResources(TestAgents.AMPLE)
        .withKillGracePeriod(Duration.ofSeconds(1)));
    root = tmp.resolve("cluster");
    Cli cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toUri().toString());
    Path pw = slapd.passwordFile(tmp.resolve("bind.pw"));
    cli.ok("cluster", "init", "--root", root.toUri().toString(), "--scheduler", agent.url().toString(), "--ldap",
        slapd.url(), "--ldap-base", Slapd.BASE, "--bind-dn", Slapd.ROOT_DN, "--bind-password-file", pw.toString());
    cli.ok("role", "add", "prod", "--uid-start", "2000000");
    cli.ok("role", "add", "dev", "--uid-start", "3000000");
    cli.ok("user", "add", "alice", "--role", "prod");
    cli.ok("user", "add", "bob", "--role", "dev");
    cli.ok("user", "add", "carol", "--role", "dev");
    try (LDAPConnection c = slapd.connect()) {
      c.modify("uid=alice,ou=people," + Slapd.BASE, new Modification(ModificationType.REPLACE, "userPassword", ALICE_PW));
      c.modify("uid=bob,ou=people," + Slapd.BASE, new Modification(ModificationType.REPLACE, "userPassword", BOB_PW));
      c.modify("uid=carol,ou=people," + Slapd.BASE, new Modification(ModificationType.REPLACE, "userPassword", CAROL_PW));
    }
    cluster = Cluster.open(root.toUri());
    served = ServedCluster.of(cluster.name(), cluster.config().root());
    server = serve(cluster, Optional.of(() -> new MarathonProxy.Target(agent.url(), agent.token())));
  }

  static CosmosServer serve(Cluster c, Optional<MarathonProxy.Upstream> upstream) throws Exception {
    ServerIdentity identity = ServerIdentity.of(c, "0");
    c.closing(identity);
    byte[] key = identity.hasDirectory() ? Authentication.signingKey(c.storage()) : new byte[32];
    Authentication auth = Authentication.forCluster(LOCAL, identity, key, ServedCluster.of(c.name(), c.config().root()).id(),
        Duration.ofHours(8));
    return CosmosServer.start(HttpServerConfig.loopback(0).withToken(LOCAL).withRealm("zeta-serve"),
        new Packages(c.repositories(), tmp.resolve("cache"), Duration.ofMinutes(1)), tmp.resolve("cache"),
        ServedCluster.of(c.name(), c.config().root()), Optional.of(c.audit()), auth, ServerAudit.of(Optional.of(c)),
        upstream, RequestLog.NONE);
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

  // ---- requests as the DC/OS CLI sends them

  static HttpResponse<String> login(CosmosServer s, String uid, String password) throws Exception {
    ObjectNode body = Json.object().put("uid", uid).put("password", password);
    return HTTP.send(HttpRequest.newBuilder(url(s, "/acs/api/v1/auth/login")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.compact(body))).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String token(String uid, String password) throws Exception {
    HttpResponse<String> r = login(server, uid, password);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body(), "login").path("token").asText();
  }

  static HttpResponse<String> marathon(String method, String path, String token, String body) throws Exception {
    return call(server, method, "/service/marathon" + path, token, body);
  }

  static HttpResponse<String> call(CosmosServer s, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url(s, path)).header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "token=" + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static URI url(CosmosServer s, String path) {
    return URI.create("http://127.0.0.1:" + s.port() + path);
  }

  static void cosmosError(HttpResponse<String> r, int status, String type) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.dcos.package.error+json");
    JsonNode body = Json.parse(r.body(), "error");
    assertThat(body.path("type").asText()).isEqualTo(type);
    assertThat(body.path("message").asText()).isNotBlank();
    assertThat(body.has("data")).isTrue();
  }

  static String audit() throws Exception {
    return Files.readString(root.resolve(AUDIT));
  }

  static List<String> ids(JsonNode list, String field) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  static String app(String id) {
    return "{\"id\": \"" + id + "\", \"cmd\": \"sleep 600\", \"cpus\": 0.01, \"mem\": 8, \"instances\": 1}";
  }

  // ---- login

  @Test
  void theProvidersNameTheDirectoryLoginWithoutAToken() throws Exception {
    HttpResponse<String> r = call(server, "GET", "/acs/api/v1/auth/providers", null, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode p = Json.parse(r.body(), "providers").path(AuthResource.PROVIDER);
    assertThat(p.path("authentication-type").asText()).isEqualTo("dcos-uid-password-ldap");
    assertThat(p.path("client-method").asText()).isEqualTo("dcos-usercredential-post-receive-authtoken");
    assertThat(p.at("/config/start_flow_url").asText()).isEqualTo("/acs/api/v1/auth/login");
  }

  @Test
  void theRightPasswordAnswersASignedExpiringTokenThatAuthenticatesAndIsAudited() throws Exception {
    String token = token("alice", ALICE_PW);
    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = Json.parse(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8), "h");
    JsonNode claims = Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8), "c");
    assertThat(header.path("alg").asText()).isEqualTo("HS256");
    assertThat(claims.path("sub").asText()).isEqualTo("alice");
    long ttl = claims.path("exp").asLong() - Instant.now().getEpochSecond();
    assertThat(ttl).isBetween(8 * 3600L - 60, 8 * 3600L);
    HttpResponse<String> meta = call(server, "GET", "/metadata", token, null);
    assertThat(meta.statusCode()).as(meta.body()).isEqualTo(200);
    // Also as Bearer.
    HttpResponse<String> bearer = HTTP.send(HttpRequest.newBuilder(url(server, "/metadata"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(bearer.statusCode()).isEqualTo(200);
    assertThat(audit()).contains("\"principal\":\"alice\"").contains("\"action\":\"serve: auth login\"")
        .doesNotContain(ALICE_PW);
    // The key is the cluster's secret: owner-only, never printed.
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
        root.resolve("zeta/kstore/secrets/serve-token-key")))).isEqualTo("rw-------");
  }

  @Test
  void aWrongPasswordAnUnknownUserAndAnEmptyPasswordGet401AndAreAuditedWithoutThePassword() throws Exception {
    String before = audit();
    cosmosError(login(server, "alice", "not-" + ALICE_PW), 401, "Unauthorized");
    cosmosError(login(server, "nosuchuser", "whatever-pw"), 401, "Unauthorized");
    // LDAP takes an empty password as an anonymous bind, which "succeeds": Zeta never does.
    cosmosError(login(server, "alice", ""), 401, "Unauthorized");
    String added = audit().substring(before.length());
    assertThat(added.lines().filter(l -> l.contains("serve: auth login") && l.contains("denied: ")).count()).isEqualTo(3);
    assertThat(added).doesNotContain("not-" + ALICE_PW).doesNotContain("whatever-pw");
    HttpResponse<String> notJson = HTTP.send(HttpRequest.newBuilder(url(server, "/acs/api/v1/auth/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"uid\": 3}")).build(),
        HttpResponse.BodyHandlers.ofString());
    cosmosError(notJson, 400, "JsonSchemaMismatch");
    HttpResponse<String> big = HTTP.send(HttpRequest.newBuilder(url(server, "/acs/api/v1/auth/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"uid\": \"alice\", "
            + "\"password\": \"" + "x".repeat(AuthResource.MAX_BODY) + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    cosmosError(big, 413, "RequestEntityTooLarge");
  }

  @Test
  void repeatedFailedLoginsOfAUidAreRefusedFor429() throws Exception {
    for (int i = 0; i < 5; i++) {
      cosmosError(login(server, "carol", "guess-" + i), 401, "Unauthorized");
    }
    // Even the right password now: the limit holds whatever is tried.
    HttpResponse<String> r = login(server, "carol", CAROL_PW);
    cosmosError(r, 429, "TooManyRequests");
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    // Another uid is not held back.
    assertThat(login(server, "alice", ALICE_PW).statusCode()).isEqualTo(200);
  }

  @Test
  void expiredForgedUnsignedAndForeignTokensGet401WithTheChallenge() throws Exception {
    byte[] key = Authentication.signingKey(cluster.storage());
    Clock nineHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(9)), ZoneOffset.UTC);
    String expired = new LoginTokens(key, served.id(), Duration.ofHours(8), nineHoursAgo)
        .issue(Principal.of("alice", "http"));
    String alice = token("alice", ALICE_PW);
    String[] parts = alice.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String asAdmin = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.replace("\"alice\"",
        "\"" + cluster.config().adminUser() + "\"").getBytes(StandardCharsets.UTF_8));
    String forged = parts[0] + "." + asAdmin + "." + parts[2];
    String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}"
        .getBytes(StandardCharsets.UTF_8)) + "." + asAdmin + ".";
    byte[] otherKey = new byte[32];
    new java.security.SecureRandom().nextBytes(otherKey);
    String foreign = new LoginTokens(otherKey, served.id(), Duration.ofHours(8), Clock.systemUTC())
        .issue(Principal.of("alice", "http"));
    String otherCluster = new LoginTokens(key, "another-cluster", Duration.ofHours(8), Clock.systemUTC())
        .issue(Principal.of("alice", "http"));
    for (String bad : List.of(expired, forged, none, foreign, otherCluster, "not-a-token")) {
      HttpResponse<String> r = call(server, "GET", "/service/marathon/v2/apps", bad, null);
      cosmosError(r, 401, "Unauthorized");
      assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("acsjwt");
    }
    assertThat(Json.parse(call(server, "GET", "/metadata", expired, null).body(), "e").path("message").asText())
        .contains("expired");
    HttpResponse<String> anonymous = call(server, "GET", "/service/marathon/v2/apps", null, null);
    cosmosError(anonymous, 401, "Unauthorized");
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("acsjwt");
  }

  // ---- /service/marathon with rights per role

  @Test
  void aMemberOfProdManagesProdAppsAndAnOutsiderIsRefusedAndSeesNone() throws Exception {
    String alice = token("alice", ALICE_PW);
    String bob = token("bob", BOB_PW);
    HttpResponse<String> created = marathon("POST", "/v2/apps", alice, app("/prod/web"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> dev = marathon("POST", "/v2/apps", bob, app("/dev/tool"));
    assertThat(dev.statusCode()).as(dev.body()).isEqualTo(201);

    // alice reads and changes /prod; her list has /prod/web but not bob's /dev/tool.
    HttpResponse<String> show = marathon("GET", "/v2/apps/prod/web", alice, null);
    assertThat(show.statusCode()).as(show.body()).isEqualTo(200);
    assertThat(Json.parse(show.body(), "app").at("/app/id").asText()).isEqualTo("/prod/web");
    List<String> aliceApps = ids(Json.parse(marathon("GET", "/v2/apps", alice, null).body(), "apps").path("apps"), "id");
    assertThat(aliceApps).contains("/prod/web").doesNotContain("/dev/tool");
    HttpResponse<String> scaled = marathon("PUT", "/v2/apps/prod/web", alice, "{\"instances\": 2}");
    assertThat(scaled.statusCode()).as(scaled.body()).isBetween(200, 201);

    // bob: refused for /prod in the path and in bodies, with Cosmos's body; nothing reaches the agent.
    cosmosError(marathon("GET", "/v2/apps/prod/web", bob, null), 403, "Forbidden");
    HttpResponse<String> evil = marathon("POST", "/v2/apps", bob, app("/prod/evil"));
    cosmosError(evil, 403, "Forbidden");
    assertThat(Json.parse(evil.body(), "e").path("message").asText()).contains("bob may not install in role prod");
    cosmosError(marathon("DELETE", "/v2/apps/prod/web", bob, null), 403, "Forbidden");
    cosmosError(marathon("PUT", "/v2/apps", bob, "[" + app("/prod/web") + "]"), 403, "Forbidden");
    cosmosError(marathon("PUT", "/v2/apps/dev/tool", bob, app("/prod/web")), 403, "Forbidden");
    cosmosError(marathon("POST", "/v2/groups", bob, "{\"id\": \"/prod\", \"apps\": [" + app("x") + "]}"), 403,
        "Forbidden");
    cosmosError(marathon("POST", "/v2/apps/prod/web/restart", bob, "{}"), 403, "Forbidden");
    List<String> agentApps = ids(Json.parse(call(server, "GET", "/service/marathon/v2/apps", LOCAL, null).body(), "a")
        .path("apps"), "id");
    assertThat(agentApps).contains("/prod/web", "/dev/tool").doesNotContain("/prod/evil");

    // bob's lists: /dev only, in apps, tasks, groups and deployments.
    List<String> bobApps = ids(Json.parse(marathon("GET", "/v2/apps", bob, null).body(), "apps").path("apps"), "id");
    assertThat(bobApps).contains("/dev/tool").doesNotContain("/prod/web");
    awaitTasks(alice, "/prod/web");
    JsonNode bobTasks = Json.parse(marathon("GET", "/v2/tasks", bob, null).body(), "tasks").path("tasks");
    assertThat(ids(bobTasks, "appId")).doesNotContain("/prod/web");
    // Asked for as text (Marathon's tab-separated lines), the list is still filtered: it comes as filtered JSON.
    HttpResponse<String> asText = HTTP.send(HttpRequest.newBuilder(url(server, "/service/marathon/v2/tasks"))
        .header("Accept", "text/plain").header("Authorization", "token=" + bob).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(asText.statusCode()).isEqualTo(200);
    assertThat(asText.body()).doesNotContain("prod");
    JsonNode aliceTasks = Json.parse(marathon("GET", "/v2/tasks", alice, null).body(), "tasks").path("tasks");
    assertThat(ids(aliceTasks, "appId")).contains("/prod/web").doesNotContain("/dev/tool");
    JsonNode groups = Json.parse(marathon("GET", "/v2/groups", bob, null).body(), "groups");
    assertThat(ids(groups.path("groups"), "id")).contains("/dev").doesNotContain("/prod");
    for (JsonNode d : Json.parse(marathon("GET", "/v2/deployments", bob, null).body(), "deployments")) {
      assertThat(d.path("affectedApps").toString()).doesNotContain("/prod/");
    }
    // A prod task cannot be killed by bob through /v2/tasks/delete.
    String prodTask = aliceTasks.get(0).path("id").asText();
    cosmosError(marathon("POST", "/v2/tasks/delete", bob, "{\"ids\": [\"" + prodTask + "\"]}"), 403, "Forbidden");

    // The audit: alice's changes ok, bob's refusals denied, each with its principal.
    String log = audit();
    assertThat(log.lines().filter(l -> l.contains("\"principal\":\"alice\"") && l.contains("serve: marathon POST /v2/apps")
        && l.contains("/prod/web") && l.contains("\"result\":\"ok")).count()).isEqualTo(1);
    assertThat(log.lines().filter(l -> l.contains("\"principal\":\"bob\"") && l.contains("serve: marathon")
        && l.contains("denied: ")).count()).isGreaterThanOrEqualTo(6);

    // alice removes her app.
    HttpResponse<String> removed = marathon("DELETE", "/v2/apps/prod/web", alice, null);
    assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
  }

  @Test
  void aTenantMayNotChangeTheRepositoriesAndTheRefusalIsAudited() throws Exception {
    String bob = token("bob", BOB_PW);
    var before = io.zeta.testing.Trees.withoutAudit(root.toUri());
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url(server, "/package/repository/add"))
        .header("Content-Type", "application/vnd.dcos.package.repository.add-request+json;charset=utf-8;version=v1")
        .header("Accept", "application/vnd.dcos.package.repository.add-response+json;charset=utf-8;version=v1")
        .header("Authorization", "token=" + bob)
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"evil\", \"uri\": \"https://example.invalid/r.json\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    cosmosError(r, 403, "Forbidden");
    assertThat(io.zeta.testing.Trees.withoutAudit(root.toUri())).isEqualTo(before);
    assertThat(audit().lines().filter(l -> l.contains("\"principal\":\"bob\"") && l.contains("serve: package repo add")
        && l.contains("denied: ")).count()).isEqualTo(1);
  }

  static void awaitTasks(String token, String appId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode tasks = Json.parse(marathon("GET", "/v2/tasks", token, null).body(), "tasks").path("tasks");
      if (ids(tasks, "appId").contains(appId)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no task of " + appId + " within 30 s");
  }

  @Test
  void theSchedulerGetsTheClustersTokenNeverTheCallers() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/", ex -> {
      seen.set(ex.getRequestHeaders().getFirst("Authorization"));
      byte[] b = "{\"apps\": []}".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    fake.start();
    try (CosmosServer s = serve(cluster, Optional.of(() -> new MarathonProxy.Target(
        URI.create("http://127.0.0.1:" + fake.getAddress().getPort()), Optional.of("scheduler-token-xyz"))))) {
      String alice = token("alice", ALICE_PW);
      HttpResponse<String> r = call(s, "GET", "/service/marathon/v2/apps", alice, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(seen.get()).isEqualTo("token=scheduler-token-xyz");
    } finally {
      fake.stop(0);
    }
  }

  @Test
  void withoutADirectoryLoginSaysSoAndTheLocalTokenActsAsTheAdmin() throws Exception {
    Path plainRoot = tmp.resolve("plain");
    new Cli(tmp.resolve("home-plain"), tmp).ok("cluster", "init", "--root", plainRoot.toUri().toString(),
        "--scheduler", agent.url().toString());
    try (Cluster plain = Cluster.open(plainRoot.toUri());
        CosmosServer s = serve(plain, Optional.of(() -> new MarathonProxy.Target(agent.url(), agent.token())))) {
      HttpResponse<String> r = login(s, "alice", ALICE_PW);
      cosmosError(r, 501, "NotImplemented");
      assertThat(Json.parse(r.body(), "e").path("message").asText()).contains("no directory is configured");
      assertThat(Json.parse(call(s, "GET", "/acs/api/v1/auth/providers", null, null).body(), "p").size()).isZero();
      HttpResponse<String> apps = call(s, "GET", "/service/marathon/v2/apps", LOCAL, null);
      assertThat(apps.statusCode()).as(apps.body()).isEqualTo(200);
      HttpResponse<String> info = call(s, "GET", "/service/marathon/v2/info", LOCAL, null);
      assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
    }
  }
}
