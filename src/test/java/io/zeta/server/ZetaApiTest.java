package io.zeta.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.cluster.Cluster;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.json.JsonSchema;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.lifecycle.ArtifactFetcher;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.testing.Cli;
import io.zeta.testing.TestAgents;
import io.zeta.testing.TestRepo;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code /zeta/v1} over real HTTP on a {@code file:} cluster with a staged and an installed hello:
 * every answer validated against the schema its OpenAPI document (openapi.json, served at
 * /zeta/v1/openapi.json) declares for it; the document names exactly the routes served; staged
 * files are served only as the manifest lists them, never by another path or through a link.
 * What a non-admin principal sees is in {@code DcosCliEndToEndTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZetaApiTest {
  static final String TOKEN = "zeta-api-token-0123456789";
  Path tmp;
  EmbeddedScheduler agent;
  Cluster cluster;
  CosmosServer server;
  URI root;
  JsonNode openapi;
  Cli cli;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("zeta-api");
    agent = EmbeddedScheduler.start(AgentConfig.defaults(tmp.resolve("agent")).withResources(TestAgents.AMPLE));
    root = tmp.resolve("cluster").toUri();
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    cli.ok("cluster", "init", "--root", root.toString(), "--scheduler", agent.url().toString());
    cli.ok("package", "repo", "add", "zeta", Path.of("packages").toAbsolutePath().toString());
    cli.ok("role", "add", "team1");
    cli.ok("package", "install", "hello", "--role", "team1", "--id", "web", "--stage");
    cluster = Cluster.open(root);
    ServedInstances instances = new ServedInstances(cluster, request -> cluster.access(),
        () -> AppRuntime.of(TestAgents.client(agent)), c -> new ArtifactFetcher(new Configuration()));
    // The whole server as `zeta serve` builds it, the web console's routes included: the document must name them too.
    Authentication auth = Authentication.localOnly(TOKEN);
    Packages packages = new Packages(cluster.repositories(), tmp.resolve("cache"), Duration.ofMinutes(1));
    io.zeta.web.WebConsole console = new io.zeta.web.WebConsole(packages, Optional.of(cluster), auth, false, false,
        Optional.of(new io.zeta.web.WebConsole.Services(() -> AppRuntime.of(TestAgents.client(agent)),
            c -> new ArtifactFetcher(new Configuration()), Optional.of(tmp.resolve("agent")))));
    server = CosmosServer.start(HttpServerConfig.loopback(0).withToken(TOKEN), packages, tmp.resolve("cache"),
        ServedCluster.of(cluster.name(), root.toString()), Optional.of(cluster.audit()), auth, ServerAudit.none(),
        Optional.empty(), Optional.of(instances), RequestLog.NONE, console.resources(), console::authenticator);
    openapi = Json.parse(Files.readString(Path.of("src/main/resources/io/zeta/server/openapi.json")), "openapi.json");
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (agent != null) {
      agent.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (tmp != null) {
      new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor();
    }
  }

  HttpResponse<byte[]> get(String path) throws Exception {
    return CosmosWire.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "token=" + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** 200 JSON, valid against the component schema the OpenAPI document names for the answer. */
  JsonNode ok(String path, String component) throws Exception {
    HttpResponse<byte[]> r = get(path);
    String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(body).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode doc = Json.parse(body, path);
    JsonNode schema = openapi.at("/components/schemas/" + component);
    assertThat(schema.isMissingNode()).as(component).isFalse();
    assertThat(JsonSchema.compile((com.fasterxml.jackson.databind.node.ObjectNode) schema, component).validate(doc))
        .as("%s against %s", doc, component).isEmpty();
    return doc;
  }

  @Test
  @Order(1)
  void theOpenApiDocumentNamesExactlyTheRoutesServed() throws Exception {
    JsonNode served = Json.parse(new String(get("/zeta/v1/openapi.json").body(), java.nio.charset.StandardCharsets.UTF_8),
        "served");
    assertThat(served).isEqualTo(openapi);
    assertThat(openapi.get("openapi").asText()).startsWith("3.");
    Set<String> routes = new TreeSet<>();
    for (Routes.Route r : server.routes()) {
      if (r.pattern().startsWith("/zeta/v1/")) {
        routes.add(r.method() + " " + r.pattern().replaceAll("\\{([A-Za-z0-9]+)\\*}", "{$1}"));
      }
    }
    Set<String> documented = new TreeSet<>();
    for (Iterator<String> it = openapi.get("paths").fieldNames(); it.hasNext(); ) {
      String path = it.next();
      openapi.get("paths").get(path).fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path));
    }
    assertThat(routes).isNotEmpty().contains("GET /zeta/v1/catalog", "POST /zeta/v1/web/session",
        "GET /zeta/v1/instances/{role}/{id}/diff", "POST /zeta/v1/instances/{role}/{id}/uninstall");
    assertThat(routes).isEqualTo(documented);
  }

  @Test
  @Order(5)
  void revisionsTheirDiffTheHomeFilesAndTheEnvExports() throws Exception {
    cli.ok("package", "upgrade", "team1/web", "--set", "greeting=Hello again");
    JsonNode history = ok("/zeta/v1/instances/team1/web/history", "History");
    assertThat(history.get("revisions").findValuesAsText("revision")).containsExactly("1", "2");
    JsonNode diff = ok("/zeta/v1/instances/team1/web/diff?from=1&to=2", "RevisionDiff");
    assertThat(diff.get("same").asBoolean()).isFalse();
    assertThat(diff.get("diff").asText()).contains("--- a/options.json", "+  \"greeting\" : \"Hello again\"",
        "--- a/conf/index.html", "-<h1>Hello from Zeta</h1>", "+<h1>Hello again</h1>");
    assertThat(ok("/zeta/v1/instances/team1/web/diff?from=2&to=2", "RevisionDiff").get("diff").asText()).isEmpty();
    assertThat(get("/zeta/v1/instances/team1/web/diff?from=1&to=9").statusCode()).isEqualTo(400);
    assertThat(get("/zeta/v1/instances/team1/web/diff?from=1").statusCode()).isEqualTo(400);
    JsonNode files = ok("/zeta/v1/instances/team1/web/files", "HomeFiles");
    assertThat(files.get("files").findValuesAsText("path")).contains("instance.json", "marathon.json", "revisions/1.json");
    assertThat(files.get("truncated").asBoolean()).isFalse();
    // A link a tenant planted in the home is named, not followed.
    Path home = Path.of(root).resolve(files.get("home").asText().substring(1));
    Files.createSymbolicLink(home.resolve("conf/etc"), Path.of("/etc"));
    JsonNode linked = ok("/zeta/v1/instances/team1/web/files", "HomeFiles");
    assertThat(linked.toString()).contains("{\"path\":\"conf/etc\",\"type\":\"link\",\"target\":\"/etc\"}")
        .doesNotContain("conf/etc/");
    JsonNode env = ok("/zeta/v1/instances/team1/web/env", "EnvExports");
    assertThat(env.get("exports").toString()).contains("{\"name\":\"ZETA_web_APP_ID\",\"value\":\"/team1/web\",\"masked\":false}");
    assertThat(env.get("content").asText()).contains("export ZETA_web_APP_ID=\"/team1/web\"");

    // A package whose env export and config file carry a secret option: masked in the exports and the diff.
    String secret = "hunter2-secret-value";
    String next = "swordfish-next-value";
    TestRepo repo = new TestRepo(tmp.resolve("vault-repo"));
    repo.file("vault", 0, "package.json", """
        {"packagingVersion": "4.0", "name": "vault", "version": "1.0.0", "maintainer": "t@example.com",
         "description": "secret test package", "tags": ["test"]}""");
    repo.file("vault", 0, "config.json", """
        {"type": "object", "properties": {"greeting": {"type": "string", "default": "hi"},
         "token": {"type": "string", "format": "password", "default": "default-secret-1"}}}""");
    repo.file("vault", 0, "zeta.json", """
        {"zetaVersion": "1", "instancePolicy": "many-per-role", "recommendedBaseDir": "apps",
         "directories": [{"path": "conf", "mode": "0750"}],
         "configFiles": [{"template": "app.conf.mustache", "target": "conf/app.conf", "mode": "0640"}],
         "env": {"TOKEN": "{{token}}", "GREETING": "{{greeting}}"}}""");
    repo.file("vault", 0, "app.conf.mustache", "greeting={{greeting}}\ntoken={{token}}\n");
    repo.file("vault", 0, "marathon.json.mustache", """
        {"id": "{{zeta.appId}}", "cmd": "sleep 3600", "cpus": 0.01, "mem": 16, "instances": 1}""");
    cli.ok("package", "repo", "add", "vault", repo.root().toString());
    cli.ok("package", "install", "vault", "--role", "team1", "--id", "v", "--stage", "--set", "token=" + secret);
    cli.ok("package", "upgrade", "team1/v", "--set", "token=" + next, "--set", "greeting=hello");
    JsonNode vaultEnv = ok("/zeta/v1/instances/team1/v/env", "EnvExports");
    assertThat(vaultEnv.get("exports").toString()).contains(
        "{\"name\":\"ZETA_v_TOKEN\",\"value\":\"********\",\"masked\":true}",
        "{\"name\":\"ZETA_v_GREETING\",\"value\":\"hello\",\"masked\":false}");
    JsonNode vaultDiff = ok("/zeta/v1/instances/team1/v/diff?from=1&to=2", "RevisionDiff");
    assertThat(vaultDiff.get("diff").asText()).contains("+greeting=hello");
    for (JsonNode doc : List.of(vaultEnv, vaultDiff, ok("/zeta/v1/instances/team1/v/history", "History"))) {
      assertThat(doc.toString()).doesNotContain(secret).doesNotContain(next).doesNotContain("default-secret-1");
    }
    assertThat(env.get("exists").asBoolean()).isTrue();
    assertThat(env.get("file").asText()).endsWith("/hello_web.sh");
  }

  @Test
  @Order(2)
  void rolesStagesInstancesCapabilitiesAndAudit() throws Exception {
    JsonNode roles = ok("/zeta/v1/roles", "Roles");
    assertThat(roles.get("roles").findValuesAsText("role")).contains("shared", "team1");
    assertThat(roles.get("enforced").asBoolean()).isFalse();
    JsonNode stages = ok("/zeta/v1/stages", "Stages");
    assertThat(stages.get("stages").findValuesAsText("package")).containsExactly("hello");
    JsonNode stage = ok("/zeta/v1/stages/hello/1.0.0", "Stage");
    assertThat(stage.at("/artifacts/0/path").asText()).isEqualTo("artifacts/server/HelloServer.java");
    JsonNode instances = ok("/zeta/v1/instances", "Instances");
    assertThat(instances.get("instances")).hasSize(1);
    assertThat(instances.at("/instances/0/state").asText()).isEqualTo("installed");
    JsonNode one = ok("/zeta/v1/instances/team1/web", "Instance");
    assertThat(one.get("apps").toString()).isEqualTo("[\"/team1/web\"]");
    assertThat(one.at("/options/greeting").asText()).isEqualTo("Hello from Zeta");
    JsonNode caps = ok("/zeta/v1/capabilities", "Capabilities");
    assertThat(caps.get("capabilities").findValuesAsText("name")).contains("shared-storage");
    JsonNode audit = ok("/zeta/v1/audit?role=team1", "Audit");
    assertThat(audit.get("entries").findValuesAsText("action")).contains("package install");
    assertThat(audit.get("entries").findValuesAsText("role")).containsOnly("team1");
    JsonNode installs = ok("/zeta/v1/audit?action=install", "Audit");
    assertThat(installs.get("entries").findValuesAsText("target")).containsExactly("team1/web");
    assertThat(ok("/zeta/v1/audit?since=2999-01-01T00:00:00Z", "Audit").get("entries")).isEmpty();
  }

  @Test
  @Order(3)
  void badRequestsAreCosmosShapedRefusals() throws Exception {
    assertThat(get("/zeta/v1/audit?since=yesterday").statusCode()).isEqualTo(400);
    assertThat(get("/zeta/v1/audit?role=NOT_A_ROLE").statusCode()).isEqualTo(400);
    assertThat(get("/zeta/v1/instances/team1/nope").statusCode()).isEqualTo(404);
    assertThat(get("/zeta/v1/stages/hello/9.9.9").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> r = get("/zeta/v1/stages/hello/9.9.9");
    assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo(CosmosWire.ERROR);
  }

  @Test
  @Order(4)
  void aStagedArtifactIsServedAsTheManifestListsIt() throws Exception {
    HttpResponse<byte[]> r = get("/zeta/v1/stages/hello/1.0.0/artifacts/server/HelloServer.java");
    assertThat(r.statusCode()).isEqualTo(200);
    byte[] original = Files.readAllBytes(Path.of("packages/H/hello/0/files/HelloServer.java"));
    assertThat(r.body()).isEqualTo(original);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(original));
    assertThat(r.headers().firstValue("X-Content-SHA256")).hasValue(sha);
  }

  @Test
  @Order(5)
  void nothingElseOfTheStageOrTheClusterIsServed() throws Exception {
    // Files of the stage the manifest does not list, and paths out of it, encoded or not.
    for (String path : new String[] {"/zeta/v1/stages/hello/1.0.0/stage.json",
        "/zeta/v1/stages/hello/1.0.0/package/package.json",
        "/zeta/v1/stages/hello/1.0.0/artifacts/server/../../stage.json",
        "/zeta/v1/stages/hello/1.0.0/artifacts/server/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/kstore/cluster.json",
        "/zeta/v1/stages/hello/1.0.0/artifacts%2Fserver%2FHelloServer.java/..%2F..%2F..%2Fkstore%2Fcluster.json",
        "/zeta/v1/stages/hello/..%2f..%2fkstore/cluster.json"}) {
      HttpResponse<byte[]> r = get(path);
      assertThat(r.statusCode()).as(path).isIn(400, 404);
      assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).as(path)
          .doesNotContain("adminUser").doesNotContain("\"artifacts\"");
    }
  }

  @Test
  @Order(6)
  void aLinkPlantedInTheStageIsRefusedNotFollowed() throws Exception {
    Path artifact = Path.of(root).resolve("zeta/shared/hello/stage/1.0.0/artifacts/server/HelloServer.java");
    Path saved = tmp.resolve("HelloServer.java.saved");
    Files.move(artifact, saved);
    Files.createSymbolicLink(artifact, Path.of(root).resolve("zeta/kstore/cluster.json"));
    try {
      HttpResponse<byte[]> r = get("/zeta/v1/stages/hello/1.0.0/artifacts/server/HelloServer.java");
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("symbolic link")
          .doesNotContain("adminUser");
    } finally {
      Files.delete(artifact);
      Files.move(saved, artifact);
    }
    // A link on a directory of the path too.
    Path dir = artifact.getParent();
    Path savedDir = tmp.resolve("server.saved");
    Files.move(dir, savedDir);
    Files.createSymbolicLink(dir, savedDir);
    try {
      assertThat(get("/zeta/v1/stages/hello/1.0.0/artifacts/server/HelloServer.java").statusCode()).isEqualTo(403);
    } finally {
      Files.delete(dir);
      Files.move(savedDir, dir);
    }
  }
}
