package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.ClientSettings;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.TaskStatus;
import io.zeta.scheduler.embedded.Poll;
import io.zeta.testing.Cli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances on the embedded scheduler, driven through the CLI against a real background agent:
 * start, answer, scale, stop, restart after kill -9, survive an agent restart, uninstall.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunInstancesTest {
  @TempDir
  static Path tmp;
  static Cli cli;
  static final Duration PATIENCE = Duration.ofSeconds(90);

  @BeforeAll
  static void clusterWithHello() {
    URI root = tmp.resolve("cluster").toUri();
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    ok("cluster", "init", "--root", root.toString(), "--name", "runtest");
    ok("package", "repo", "add", "zeta", Path.of("packages").toAbsolutePath().toString());
    ok("role", "add", "team1");
    ok("package", "install", "hello", "--role", "team1", "--id", "web", "--stage", "--set", "greeting=Hi there");
  }

  @AfterAll
  static void stopAgent() {
    cli.run("agent", "stop");
  }

  static Cli.Result ok(String... args) {
    return cli.ok(args);
  }

  static MarathonClient client() {
    String status = ok("agent", "status", "--json").out();
    JsonNode doc = Json.parse(status, "agent status");
    return MarathonClient.of(doc.get("url").asText(),
        AgentLocator.withToken(Path.of(doc.get("workDir").asText()), ClientSettings.defaults()));
  }

  static long agentPid() {
    return Json.parse(ok("agent", "status", "--json").out(), "agent status").get("pid").asLong();
  }

  /** The hello server processes the agent runs. */
  static List<ProcessHandle> helloProcesses() {
    return ProcessHandle.of(agentPid()).map(a -> a.descendants()
        .filter(h -> h.info().commandLine().orElse("").contains("HelloServer.java")).toList()).orElse(List.of());
  }

  /** The instance's state; `status` exits 3 when it is unknown (the agent is stopped). */
  static String state() {
    Cli.Result r = cli.run("package", "status", "team1/web", "--json");
    assertThat(r.exit()).as(r.toString()).isIn(0, 3);
    return Json.parse(r.out(), "status").get("state").asText();
  }

  @Test
  @Order(1)
  void neverStartedInstanceUninstallsWithoutAScheduler() {
    ok("package", "install", "hello", "--role", "team1", "--id", "idle");
    Cli.Result status = ok("package", "status");
    assertThat(status.err()).contains("the scheduler was unreachable").contains("zeta agent start");
    assertThat(Json.parse(ok("package", "status", "team1/idle", "--json").out(), "s").get("state").asText())
        .isEqualTo("installed");
    ok("package", "uninstall", "team1/idle", "--purge", "--yes");
    Cli.Result start = cli.run("package", "start", "team1/web");
    assertThat(start.exit()).isEqualTo(1);
    assertThat(start.err()).contains("is not running; start it with `zeta agent start`");
  }

  @Test
  @Order(2)
  void startAnswersAndReportsRunning() throws Exception {
    ok("agent", "start");
    Cli.Result start = ok("package", "start", "team1/web");
    assertThat(start.out()).contains("/team1/web: running (1/1 tasks running, 1 healthy)");
    Matcher url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)").matcher(start.out());
    assertThat(url.find()).isTrue();
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.group(1))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.body()).contains("Hi there").contains("<b id=\"instance\">team1/web</b>");
    assertThat(state()).isEqualTo("running");
    assertThat(Json.parse(ok("package", "status", "hello", "--json").out(), "s").get("state").asText()).isEqualTo("running");
    assertThat(ok("package", "logs", "team1/web").out()).contains("hello: serving index.html on port");
  }

  @Test
  @Order(3)
  void scaleToTwoThenStopLeavesNoProcess() {
    Cli.Result scaled = ok("package", "scale", "team1/web", "2");
    assertThat(scaled.out()).contains("2/2 tasks running");
    Poll.until(PATIENCE, "two hello processes", () -> helloProcesses().size() == 2);
    assertThat(Json.parse(ok("package", "status", "team1/web", "--json").out(), "s").get("state").asText()).isEqualTo("running");
    ok("package", "stop", "team1/web");
    Poll.until(PATIENCE, "no hello process", () -> helloProcesses().isEmpty());
    assertThat(state()).isEqualTo("installed");
    // The scaled count is the instance's: starting again brings back two tasks.
    assertThat(ok("package", "start", "team1/web").out()).contains("2/2 tasks running");
    ok("package", "scale", "team1/web", "1");
  }

  @Test
  @Order(4)
  void aKilledTaskIsReplaced() {
    AppStatus before = client().app("/team1/web").orElseThrow();
    String killedTask = before.tasks().get(0).id();
    Poll.until(PATIENCE, "one hello process", () -> helloProcesses().size() == 1);
    helloProcesses().get(0).destroyForcibly();
    AppStatus after = Poll.await(PATIENCE, "a new running task", () -> client().app("/team1/web")
        .filter(a -> a.tasks().stream().anyMatch(t -> t.isRunning() && !t.id().equals(killedTask))
            && a.tasksHealthy() == 1));
    assertThat(after.tasks()).extracting(TaskStatus::id).doesNotContain(killedTask);
    Poll.until(PATIENCE, "running again", () -> state().equals("running"));
  }

  @Test
  @Order(5)
  void appsRunAgainAfterAnAgentRestart() {
    ok("agent", "stop");
    // It ran: without its scheduler nobody can say whether it still does.
    assertThat(state()).isEqualTo("unknown");
    ok("agent", "start");
    Poll.until(PATIENCE, "hello running after the agent restart", () -> state().equals("running"));
    assertThat(helloProcesses()).hasSize(1);
  }

  @Test
  @Order(6)
  void logsFollowTheTaskUntilItEnds() throws Exception {
    java.util.concurrent.CompletableFuture<Cli.Result> follow = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> cli.run("package", "logs", "team1/web", "--follow"));
    Poll.until(PATIENCE, "following", () -> !follow.isDone());
    Thread.sleep(500);
    assertThat(follow.isDone()).as("--follow keeps running while the task runs").isFalse();
    ok("package", "stop", "team1/web");
    Cli.Result followed = follow.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(followed.exit()).isZero();
    assertThat(followed.out()).contains("hello: serving index.html on port");
  }

  @Test
  @Order(7)
  void uninstallRemovesTheAppFromTheScheduler() {
    ok("package", "uninstall", "team1/web");
    Optional<AppStatus> gone = client().app("/team1/web");
    assertThat(gone).isEmpty();
    Poll.until(PATIENCE, "no hello process", () -> helloProcesses().isEmpty());
    JsonNode status = Json.parse(ok("package", "status", "team1/web", "--json").out(), "s");
    assertThat(status.get("state").asText()).isEqualTo("removed");
  }

  @Test
  @Order(8)
  void concurrentStartAndUninstallOfOneInstanceEndConsistent() throws Exception {
    for (int round = 0; round < 3; round++) {
      String id = "race" + round;
      ok("package", "install", "hello", "--role", "team1", "--id", id);
      java.util.concurrent.CompletableFuture<Cli.Result> start = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> cli.run("package", "start", "team1/" + id, "--wait", "3m"));
      java.util.concurrent.CompletableFuture<Cli.Result> uninstall = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> cli.run("package", "uninstall", "team1/" + id, "--wait", "3m"));
      Cli.Result s = start.get(4, java.util.concurrent.TimeUnit.MINUTES);
      Cli.Result u = uninstall.get(4, java.util.concurrent.TimeUnit.MINUTES);
      assertThat(u.exit()).as("uninstall\n" + u).isZero();
      if (s.exit() != 0) {
        // The uninstall came first: the start, re-checking under the lock, refuses.
        assertThat(s.err()).as(s.toString()).contains("team1/" + id + " is removed");
      }
      assertThat(Json.parse(ok("package", "status", "team1/" + id, "--json").out(), "s").get("state").asText())
          .isEqualTo("removed");
      assertThat(client().app("/team1/" + id)).as("round " + round + ": start " + s + "\nuninstall " + u).isEmpty();
      Cli.Result doctor = cli.run("cluster", "doctor");
      assertThat(doctor.exit()).as(doctor.toString()).isZero();
    }
  }

  @Test
  @Order(9)
  void doctorFindsAnAppRunningForAnInstanceThatIsNotInstalled() {
    com.fasterxml.jackson.databind.node.ObjectNode app = Json.object();
    app.put("id", "/team1/ghost");
    app.put("cmd", "sleep 600");
    app.put("instances", 1);
    app.put("cpus", 0.01);
    app.put("mem", 16);
    app.putObject("labels").put("DCOS_PACKAGE_NAME", "hello");
    client().createApp(app);
    Cli.Result found = cli.run("cluster", "doctor");
    assertThat(found.exit()).as(found.toString()).isEqualTo(1);
    assertThat(found.out()).contains("problem:  app /team1/ghost is on the scheduler").contains("team1/ghost is not installed");
    ok("cluster", "doctor", "--repair");
    assertThat(client().app("/team1/ghost")).isEmpty();
    ok("cluster", "doctor");
  }
}
