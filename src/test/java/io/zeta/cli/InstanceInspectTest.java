package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.TestAgents;
import io.zeta.testing.TestRepo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.zeta.scheduler.embedded.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeing what runs (issue 14): {@code package describe ROLE/ID}, {@code status} when the scheduler
 * is gone, waits that end at once on a task failure, {@code package deployments}; through the CLI,
 * against a real agent running in this JVM where the CLI finds its cluster's local scheduler.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceInspectTest {
  @TempDir
  static Path tmp;
  static Cli cli;
  static TestAgents.LocalAgent agent;

  @BeforeAll
  static void clusterWithAgent() {
    URI root = tmp.resolve("cluster").toUri();
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    cli.ok("cluster", "init", "--root", root.toString(), "--name", "inspect");
    cli.ok("package", "repo", "add", "zeta", Path.of("packages").toAbsolutePath().toString());
    TestRepo repo = new TestRepo(tmp.resolve("repo"));
    repo.file("broken", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "broken", "version": "1.0", "maintainer": "t@example.com",
         "description": "a package whose command does not exist", "tags": ["test"]}""");
    repo.file("broken", 0, "marathon.json.mustache", """
        {"id": "/broken", "cmd": "zeta-no-such-command --port $PORT0", "cpus": 0.1, "mem": 32, "instances": 1,
         "portDefinitions": [{"port": 0, "name": "http"}]}""");
    repo.file("chat", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "chat", "version": "1.0", "maintainer": "t@example.com",
         "description": "two tasks that say something, then something later", "tags": ["test"]}""");
    repo.file("chat", 0, "marathon.json.mustache", """
        {"id": "/chat", "cmd": "echo early; sleep 6; echo late; exec sleep 600", "cpus": 0.1, "mem": 32,
         "instances": 2}""");
    repo.file("blink", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "blink", "version": "1.0", "maintainer": "t@example.com",
         "description": "a task that ticks five times and ends", "tags": ["test"]}""");
    repo.file("blink", 0, "marathon.json.mustache", """
        {"id": "/blink", "cmd": "for i in 1 2 3 4 5; do echo tick$i; sleep 0.4; done", "cpus": 0.1, "mem": 32,
         "instances": 1}""");
    cli.ok("package", "repo", "add", "test", repo.root().toString());
    cli.ok("role", "add", "team1");
    cli.ok("package", "install", "hello", "--role", "team1", "--id", "web", "--stage", "--set", "greeting=Hi there");
    cli.ok("package", "install", "broken", "--role", "team1", "--id", "bad", "--stage");
    agent = TestAgents.forCli(cli);
  }

  @AfterAll
  static void stopAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  static JsonNode json(Cli.Result r) {
    return Json.parse(r.out(), "output");
  }

  @Test
  @Order(1)
  void describeShowsTheUrlOfHellosHttpPortAndTheUrlAnswers() throws Exception {
    Cli.Result start = cli.ok("package", "start", "team1/web");
    // Not a terminal: the wait reports in lines on stderr.
    assertThat(start.err()).contains("zeta: waiting: /team1/web: ");

    JsonNode d = json(cli.ok("package", "describe", "team1/web", "--json"));
    assertThat(d.get("role").asText()).isEqualTo("team1");
    assertThat(d.get("id").asText()).isEqualTo("web");
    assertThat(d.get("package").asText()).isEqualTo("hello");
    assertThat(d.get("state").asText()).isEqualTo("running");
    assertThat(d.get("home").asText()).isEqualTo("/apps/team1/hello/web");
    assertThat(d.get("envFile").asText()).isEqualTo("/zeta/kstore/env/env_team1/hello_web.sh");
    assertThat(d.get("options").get("greeting").asText()).isEqualTo("Hi there");
    JsonNode app = d.get("apps").get(0);
    assertThat(app.get("id").asText()).isEqualTo("/team1/web");
    assertThat(app.get("state").asText()).isEqualTo("running");
    JsonNode task = app.get("tasks").get(0);
    assertThat(task.get("healthy").asBoolean()).isTrue();
    String url = task.get("urls").get(0).asText();
    assertThat(url).isEqualTo("http://127.0.0.1:" + task.get("ports").get(0).asInt() + "/");
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Hi there");

    Cli.Result table = cli.ok("package", "describe", "team1/web");
    assertThat(table.out()).contains("State:      running").contains(url).contains("healthy")
        .contains("Env file:   /zeta/kstore/env/env_team1/hello_web.sh");
  }

  @Test
  @Order(2)
  void aTaskThatFailsEndsTheStartAtOnceWithItsReasonAndDescribeShowsIt() {
    long t0 = System.nanoTime();
    Cli.Result start = cli.run("package", "start", "team1/bad", "--timeout", "120");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(start.exit()).as(start.toString()).isEqualTo(1);
    assertThat(start.err()).contains("zeta: /team1/bad: task team1_bad.").contains("failed (TASK_FAILED): "
        + "Command exited with status 127").contains("zeta-no-such-command").contains("not found");
    assertThat(start.err()).contains("zeta package describe team1/bad").doesNotContain("Exception");
    // Well under the timeout: the first failure ends the wait.
    System.out.println("InstanceInspectTest: start of team1/bad failed after " + took.toMillis() + " ms");
    assertThat(took).isLessThan(Duration.ofSeconds(20));

    JsonNode d = json(cli.ok("package", "describe", "team1/bad", "--json"));
    JsonNode failure = d.get("apps").get(0).get("lastTaskFailure");
    assertThat(failure.get("message").asText()).contains("Command exited with status 127")
        .contains("zeta-no-such-command");
    assertThat(failure.get("taskId").asText()).startsWith("team1_bad.");
    assertThat(d.get("apps").get(0).get("state").asText()).isIn("deploying", "failed");
    assertThat(cli.ok("package", "describe", "team1/bad").out()).contains("Last task failure of /team1/bad: ")
        .contains("not found");
    cli.ok("package", "stop", "team1/bad");
  }

  @Test
  @Order(3)
  void deploymentsAreListedAndAStartOfADeployingAppWaitsForIt() {
    cli.ok("package", "install", "hello", "--role", "team1", "--id", "web2");
    cli.ok("package", "start", "team1/web2", "--no-wait");
    // hello needs seconds to compile and answer its health check: its deployment is still listed.
    JsonNode list = json(cli.ok("package", "deployments", "--json"));
    JsonNode deployment = list.get("deployments").get(0);
    assertThat(deployment.get("apps").toString()).contains("/team1/web2");
    assertThat(deployment.get("id").asText()).isNotEmpty();
    assertThat(deployment.get("totalSteps").asInt()).isPositive();
    assertThat(cli.ok("package", "deployments", "team1/web2").out()).contains("DEPLOYMENT").contains("/team1/web2");
    assertThat(json(cli.ok("package", "deployments", "team1/web", "--json")).get("deployments")).isEmpty();
    JsonNode d = json(cli.ok("package", "describe", "team1/web2", "--json"));
    assertThat(d.get("deployments").get(0).get("id").asText()).isEqualTo(deployment.get("id").asText());

    Cli.Result again = cli.ok("package", "start", "team1/web2");
    assertThat(again.out()).contains("/team1/web2: running (1/1 tasks running, 1 healthy)");
    assertThat(json(cli.ok("package", "deployments", "--json")).get("deployments")).isEmpty();
    cli.ok("package", "stop", "team1/web2");
  }

  @Test
  @Order(4)
  void logsLabelEveryLineWithItsTaskAndSelectByAppTaskAndSince() throws Exception {
    cli.ok("package", "install", "chat", "--role", "team1", "--id", "chat", "--stage");
    cli.ok("package", "start", "team1/chat");
    long t0 = System.nanoTime();
    List<String> tasks = new ArrayList<>();
    json(cli.ok("package", "describe", "team1/chat", "--json")).get("apps").get(0).get("tasks")
        .forEach(t -> tasks.add(t.get("id").asText()));
    assertThat(tasks).hasSize(2);
    Poll.until(Duration.ofSeconds(60), "both tasks said early", () -> {
      String out = cli.ok("package", "logs", "team1/chat").out();
      return tasks.stream().allMatch(t -> out.contains("[" + t + "] early"));
    });
    // Labels: every line names its task; --task keeps one; --app the (only) app.
    Cli.Result one = cli.ok("package", "logs", "team1/chat", "--task", tasks.get(1));
    assertThat(one.out().lines().toList()).containsExactly("[" + tasks.get(1) + "] early");
    assertThat(cli.ok("package", "logs", "team1/chat", "--app", "chat").out()).contains("[" + tasks.get(0) + "] early");
    Cli.Result noApp = cli.run("package", "logs", "team1/chat", "--app", "nope");
    assertThat(noApp.exit()).isEqualTo(1);
    assertThat(noApp.err()).contains("no app nope in team1/chat");

    Poll.until(Duration.ofSeconds(60), "both tasks said late", () -> {
      String out = cli.ok("package", "logs", "team1/chat").out();
      return tasks.stream().allMatch(t -> out.contains("[" + t + "] late"));
    });
    long sinceLate = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
    // "early" came 6 s before "late": the last 3 s have only "late" (the marks are a second apart).
    Cli.Result recent = cli.ok("package", "logs", "team1/chat", "--since", "3s");
    assertThat(recent.out()).as("since 3s, %d s after the start", sinceLate).contains("[" + tasks.get(0) + "] late")
        .contains("[" + tasks.get(1) + "] late").doesNotContain("early");
    assertThat(cli.ok("package", "logs", "team1/chat", "--since", "1h").out()).contains("early").contains("late");
    cli.ok("package", "stop", "team1/chat");
  }

  @Test
  @Order(5)
  void logsFollowStreamsUntilTheTaskEnds() {
    cli.ok("package", "install", "blink", "--role", "team1", "--id", "blink", "--stage");
    cli.ok("package", "start", "team1/blink");
    long t0 = System.nanoTime();
    Cli.Result followed = cli.ok("package", "logs", "team1/blink", "--follow");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(followed.out()).containsPattern("\\[team1_blink\\.[-0-9a-f]+\\] tick5");
    assertThat(took).isLessThan(Duration.ofSeconds(30));
    cli.ok("package", "stop", "team1/blink");
  }

  @Test
  @Order(6)
  void badInputGetsOneLineAndTheRightExit() {
    Cli.Result none = cli.run("package", "describe", "team1/nope");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).startsWith("zeta: no instance team1/nope is installed").doesNotContain("Exception");
    Cli.Result render = cli.run("package", "describe", "team1/web", "--render");
    assertThat(render.exit()).isEqualTo(2);
    assertThat(render.err()).contains("describe a package, not an instance");
    Cli.Result since = cli.run("package", "logs", "team1/web", "--since", "5 parsecs");
    assertThat(since.exit()).isEqualTo(1);
    assertThat(since.err()).startsWith("zeta: invalid --since '5 parsecs': expected a duration");
    Cli.Result task = cli.run("package", "logs", "team1/web", "--task", "team1_web.nope");
    assertThat(task.exit()).isEqualTo(1);
    assertThat(task.err()).contains("no task team1_web.nope of team1/web has output here");
  }

  @Test
  @Order(7)
  void describeNamesTheCurrentRevisionWhenRevisionsAreRecorded() throws Exception {
    Path home = tmp.resolve("cluster/apps/team1/hello/web");
    String installId = Json.parse(java.nio.file.Files.readString(home.resolve("instance.json")), "instance.json")
        .get("installId").asText();
    Path revisions = home.resolve("revisions");
    if (!java.nio.file.Files.isDirectory(revisions)) {
      // Before upgrade's revisions (another branch) record installs, one as it writes them.
      java.nio.file.Files.createDirectories(revisions);
      java.nio.file.Files.writeString(revisions.resolve("1.json"), """
          {"format": 1, "revision": 1, "pkg": "hello", "version": "0.1.0", "action": "install",
           "status": "deployed", "principal": "tester", "time": "2026-12-01T00:00:00Z", "changeId": "%s"}
          """.formatted(installId));
    }
    int expected = 0;
    try (var files = java.nio.file.Files.list(revisions)) {
      for (Path f : files.toList()) {
        JsonNode r = Json.parse(java.nio.file.Files.readString(f), f.toString());
        if (installId.equals(r.path("changeId").asText())) {
          expected = Math.max(expected, r.get("revision").asInt());
        }
      }
    }
    JsonNode d = json(cli.ok("package", "describe", "team1/web", "--json"));
    assertThat(d.get("revision").asInt()).isEqualTo(expected).isPositive();
    assertThat(cli.ok("package", "describe", "team1/web").out()).contains("Revision:   " + expected + " (");
  }

  @Test
  @Order(10)
  void statusSaysUnknownWithTheReasonWhenTheAgentIsStopped() {
    cli.ok("package", "install", "hello", "--role", "team1", "--id", "idle");
    assertThat(json(cli.ok("package", "status", "team1/web", "--json")).get("state").asText()).isEqualTo("running");
    agent.close();

    Cli.Result status = cli.run("package", "status", "team1/web", "--json");
    assertThat(status.exit()).as(status.toString()).isEqualTo(PackageStatusCommand.EXIT_UNKNOWN);
    JsonNode s = json(status);
    assertThat(s.get("state").asText()).isEqualTo("unknown");
    assertThat(s.get("reason").asText()).contains("is not running").contains("zeta agent start");
    // Never started: certain without a scheduler.
    JsonNode idle = json(cli.ok("package", "status", "team1/idle", "--json"));
    assertThat(idle.get("state").asText()).isEqualTo("installed");
    assertThat(idle.has("reason")).isFalse();
    Cli.Result all = cli.run("package", "status", "hello", "--json");
    assertThat(all.exit()).isEqualTo(PackageStatusCommand.EXIT_UNKNOWN);
    assertThat(json(all).get("state").asText()).isEqualTo("unknown");
    Cli.Result table = cli.run("package", "list");
    assertThat(table.out()).containsPattern("team1/web +hello +\\S+ +unknown");
    Cli.Result describe = cli.run("package", "describe", "team1/web", "--json");
    assertThat(describe.exit()).isEqualTo(PackageStatusCommand.EXIT_UNKNOWN);
    assertThat(json(describe).get("state").asText()).isEqualTo("unknown");
    assertThat(json(describe).get("apps").get(0).get("state").asText()).isEqualTo("unknown");
    assertThat(describe.err()).contains("is unknown: the local scheduler of cluster inspect is not running");
  }
}
