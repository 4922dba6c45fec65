package io.zeta.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Await;
import io.zeta.testing.Cli;
import io.zeta.testing.Fixtures;
import io.zeta.testing.Resp;
import io.zeta.testing.UpstreamImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Universe packages from the fixtures, unchanged, run in containers on the embedded scheduler: staged
 * through {@code --image-mirror docker.io=<upstream>} from the test upstream registry
 * ({@link UpstreamImages}, standing in for Docker Hub) into the cluster's own registry, installed in a
 * role, started, and used over their host ports: redis answers PING (raw RESP), postgresql a SQL
 * query (JDBC, the postgres wire protocol), httpbin an HTTP GET. {@link #doneWhenRedisScenario} is the
 * issue's "Done when" CLI scenario on a {@code file:} cluster.
 *
 * <p>One cluster, one upstream, one cluster registry and one agent for the class. It skips only when
 * the agent's own probe says containers cannot run on this machine, and says why.
 */
class UniverseContainersTest {
  @TempDir
  static Path tmp;
  static Cli cli;
  static Path root;
  static UpstreamImages upstream;
  static String mirror;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Duration READY = Duration.ofSeconds(60);

  @BeforeAll
  static void clusterRegistryAndAgent() {
    root = tmp.resolve("cluster");
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toUri().toString());
    cli.ok("cluster", "init", "--root", root.toUri().toString(), "--name", "containers");
    JsonNode agent = Json.parse(cli.ok("agent", "start", "--resources", "cpus:8;mem:16384", "--json").out(), "agent start");
    JsonNode containers = agent.path("containers");
    Assumptions.assumeTrue(containers.path("state").asText().equals("available"),
        "containers cannot run on this machine (the agent's probe): " + containers);
    upstream = UpstreamImages.start(tmp.resolve("upstream"));
    mirror = "docker.io=http://" + upstream.hostPort();
    cli.ok("registry", "start");
    cli.ok("package", "repo", "add", "universe", Fixtures.universePackages().toString());
    cli.ok("role", "add", "prod");
  }

  @AfterAll
  static void stopAll() {
    if (cli != null) {
      cli.run("agent", "stop");
      cli.run("registry", "stop");
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  /**
   * cluster init, registry start (above), stage redis from the mirror, install redis --role prod --id
   * cache1, start prod/cache1, PING on its host port, stop, uninstall, unstage: the manifest the stage
   * pushed is gone from the cluster registry.
   */
  @Test
  void doneWhenRedisScenario() throws Exception {
    cli.ok("package", "stage", "redis", "--image-mirror", mirror);
    JsonNode stage = stageManifest("redis");
    JsonNode image = stage.path("stagedImages").get(0);
    String reference = image.path("reference").asText();
    assertThat(reference).as("pinned in the cluster registry").contains("/redis/redis@sha256:");
    String registry = reference.substring(0, reference.indexOf('/'));
    String digest = reference.substring(reference.indexOf('@') + 1);
    assertThat(manifestStatus(registry, "redis/redis", digest)).isEqualTo(200);

    cli.ok("package", "install", "redis", "--role", "prod", "--id", "cache1");
    JsonNode app = Json.parse(Files.readString(root.resolve("apps/prod/redis/cache1/marathon.json")), "marathon.json");
    assertThat(app.at("/container/docker/image").asText()).as("executors pull the pinned copy").isEqualTo(reference);
    cli.ok("package", "start", "prod/cache1");
    int port = hostPort("prod/cache1", 0);
    assertThat(Await.until(READY, () -> Resp.ping("127.0.0.1", port))).isEqualTo("+PONG");
    assertThat(Resp.command("127.0.0.1", port, "SET", "greeting", "hello")).isEqualTo("+OK");
    assertThat(Resp.command("127.0.0.1", port, "GET", "greeting")).isEqualTo("$5 hello");

    cli.ok("package", "stop", "prod/cache1");
    cli.ok("package", "uninstall", "prod/cache1", "--yes");
    cli.ok("package", "unstage", "redis", "--yes");
    assertThat(manifestStatus(registry, "redis/redis", digest)).as("unstage deletes the manifest it pushed").isEqualTo(404);
  }

  @Test
  void postgresqlAnswersASqlQuery() throws Exception {
    // storage.host_volume: a directory on every node (here the cluster's storage), which the administrator
    // makes; podman, unlike docker, does not create a missing bind-mount source.
    Path volumes = root.resolve("data/prod/pgvolumes");
    Files.createDirectories(volumes.resolve("postgresql"));
    cli.ok("package", "stage", "postgresql", "--image-mirror", mirror);
    cli.ok("package", "install", "postgresql", "--role", "prod", "--id", "db1",
        "--set", "storage.host_volume=" + volumes, "--set", "database.password=s3cret-pw");
    cli.ok("package", "start", "prod/db1");
    int port = hostPort("prod/db1", 0);
    Properties p = new Properties();
    p.setProperty("user", "admin");
    p.setProperty("password", "s3cret-pw");
    try (Connection c = Await.until(READY,
            () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/defaultdb", p));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE notes (body text)");
      s.execute("INSERT INTO notes VALUES ('in a container')");
      try (ResultSet r = s.executeQuery("SELECT body, current_database() FROM notes")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("in a container");
        assertThat(r.getString(2)).isEqualTo("defaultdb");
      }
    }
    assertThat(volumes.resolve("postgresql/PG_VERSION")).as("the data is in the package's host volume").exists();
    cli.ok("package", "uninstall", "prod/db1", "--yes");
  }

  /**
   * httpbin: an HTTP health check (GET /get) the agent runs against the mapped port, and a GET from
   * the test. (nginx, the obvious web server, is refused for Marathon 1.4 and later: its app has
   * a top-level "maintainer" field that Marathon's schema does not allow.)
   */
  @Test
  void httpbinAnswersAGet() throws Exception {
    cli.ok("package", "stage", "httpbin", "--image-mirror", mirror);
    cli.ok("package", "install", "httpbin", "--role", "prod", "--id", "web1");
    cli.ok("package", "start", "prod/web1");
    int port = hostPort("prod/web1", 0);
    HttpResponse<String> get = Await.until(READY, () -> HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/get")).header("User-Agent", "zeta-test").build(),
        HttpResponse.BodyHandlers.ofString()));
    assertThat(get.statusCode()).isEqualTo(200);
    JsonNode body = Json.parse(get.body(), "GET /get");
    assertThat(body.at("/headers/User-Agent").asText()).isEqualTo("zeta-test");
    assertThat(body.path("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/get");
    JsonNode describe = Json.parse(cli.ok("package", "describe", "prod/web1", "--json").out(), "describe");
    assertThat(describe.toString()).as("the agent's HTTP health check passes").contains("\"healthy\"");
    cli.ok("package", "uninstall", "prod/web1", "--yes");
  }

  /** The stage.json of the package's only staged version. */
  static JsonNode stageManifest(String pkg) throws Exception {
    List<Path> found = new ArrayList<>();
    try (var walk = Files.walk(root.resolve("zeta/shared/" + pkg))) {
      walk.filter(f -> f.getFileName().toString().equals("stage.json")).forEach(found::add);
    }
    assertThat(found).hasSize(1);
    return Json.parse(Files.readString(found.get(0)), "stage.json");
  }

  /** The host port of the instance's only task's port {@code index}, as package describe shows it. */
  static int hostPort(String instance, int index) {
    JsonNode d = Json.parse(cli.ok("package", "describe", instance, "--json").out(), "describe");
    List<JsonNode> tasks = d.findValues("tasks");
    assertThat(tasks).as("tasks of " + instance + " in " + d).isNotEmpty();
    return tasks.get(0).get(0).path("ports").get(index).asInt();
  }

  static int manifestStatus(String registry, String repo, String digest) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repo + "/manifests/" + digest))
        .method("HEAD", HttpRequest.BodyPublishers.noBody())
        .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json")
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
