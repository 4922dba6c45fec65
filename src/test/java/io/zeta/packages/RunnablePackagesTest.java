package io.zeta.packages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.ClientSettings;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.TaskStatus;
import io.zeta.testing.Cli;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packages that run on this machine, installed, started and used on the embedded scheduler. */
class RunnablePackagesTest {
  @TempDir
  static Path tmp;
  static Cli cli;
  static Path root;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void clusterAndAgent() {
    root = tmp.resolve("cluster");
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toUri().toString());
    ok("cluster", "init", "--root", root.toUri().toString(), "--name", "runnable");
    ok("package", "repo", "add", "zeta", Path.of("packages").toAbsolutePath().toString());
    ok("role", "add", "team1");
    ok("agent", "start");
  }

  @AfterAll
  static void stopAgent() {
    cli.run("agent", "stop");
  }

  static Cli.Result ok(String... args) {
    return cli.ok(args);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static HttpResponse<String> http(String method, String url, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static MarathonClient client() {
    JsonNode doc = Json.parse(ok("agent", "status", "--json").out(), "agent");
    return MarathonClient.of(doc.get("url").asText(),
        AgentLocator.withToken(Path.of(doc.get("workDir").asText()), ClientSettings.defaults()));
  }

  @Test
  void helloShowsItsId() throws Exception {
    ok("package", "install", "hello", "--role", "team1", "--id", "greeter", "--stage");
    ok("package", "start", "team1/greeter");
    AppStatus app = client().app("/team1/greeter").orElseThrow();
    int port = app.tasks().get(0).ports().get(0);
    assertThat(http("GET", "http://127.0.0.1:" + port + "/", null).body()).contains("team1/greeter");
    ok("package", "uninstall", "team1/greeter", "--purge", "--yes");
  }

  @Test
  void kvKeepsItsDataAcrossStopStartAndReinstall() throws Exception {
    int port = freePort();
    ok("package", "install", "kv", "--role", "team1", "--id", "store1", "--stage", "--set", "port=" + port);
    String env = Files.readString(root.resolve("zeta/kstore/env/env_team1/kv_store1.sh"));
    assertThat(env).contains("export ZETA_store1_URL=\"http://127.0.0.1:" + port + "/kv/\"");
    ok("package", "start", "team1/store1");
    String url = "http://127.0.0.1:" + port + "/kv/answer";
    assertThat(http("PUT", url, "forty-two").statusCode()).isEqualTo(204);
    assertThat(http("GET", url, null).body()).isEqualTo("forty-two");
    assertThat(Files.readString(root.resolve("data/team1/kv/store1/data/answer"))).isEqualTo("forty-two");

    ok("package", "stop", "team1/store1");
    ok("package", "start", "team1/store1");
    assertThat(http("GET", url, null).body()).isEqualTo("forty-two");

    ok("package", "uninstall", "team1/store1");
    ok("package", "install", "kv", "--role", "team1", "--id", "store1", "--set", "port=" + port);
    ok("package", "start", "team1/store1");
    assertThat(http("GET", url, null).body()).isEqualTo("forty-two");
    ok("package", "uninstall", "team1/store1", "--purge", "--yes");
    assertThat(root.resolve("data/team1/kv/store1")).doesNotExist();
  }

  @Test
  void pairStartsItsAppsInOrderAndTheyFindEachOtherThroughTheEnvFile() throws Exception {
    int storePort = freePort();
    int webPort = freePort();
    ok("package", "install", "pair", "--role", "team1", "--id", "book", "--stage",
        "--set", "store_port=" + storePort, "--set", "web_port=" + webPort, "--set", "title=Team book");
    JsonNode group = Json.parse(Files.readString(root.resolve("apps/team1/pair/book/marathon.json")), "group");
    assertThat(group.get("apps").findValuesAsText("id")).containsExactly("/team1/book/store", "/team1/book/web");

    Cli.Result start = ok("package", "start", "team1/book");
    assertThat(start.out()).contains("/team1/book/store: running").contains("/team1/book/web: running");
    TaskStatus store = client().app("/team1/book/store").orElseThrow().tasks().get(0);
    TaskStatus web = client().app("/team1/book/web").orElseThrow().tasks().get(0);
    Instant storeStarted = store.startedAt().orElseThrow();
    Instant webStaged = web.stagedAt().orElseThrow();
    assertThat(webStaged).as("web is launched only after the store runs").isAfter(storeStarted);

    String page = http("GET", "http://127.0.0.1:" + webPort + "/", null).body();
    assertThat(page).contains("Team book").contains("store: <span id=\"store\">http://127.0.0.1:" + storePort + "</span>");
    assertThat(http("GET", "http://127.0.0.1:" + webPort + "/add?text=hello%20from%20web", null).statusCode()).isEqualTo(200);
    assertThat(http("GET", "http://127.0.0.1:" + webPort + "/", null).body()).contains("<li>hello from web</li>");
    assertThat(Json.parse(ok("package", "status", "team1/book", "--json").out(), "s").get("state").asText())
        .isEqualTo("running");

    ok("package", "stop", "team1/book");
    ok("package", "uninstall", "team1/book", "--purge", "--yes");
    assertThat(client().app("/team1/book/store")).isEmpty();
    assertThat(client().app("/team1/book/web")).isEmpty();
  }
}
