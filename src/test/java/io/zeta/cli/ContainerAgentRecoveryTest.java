package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppState;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.embedded.Poll;
import io.zeta.testing.Cli;
import io.zeta.testing.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Container tasks and a background agent killed with SIGKILL: the containers keep running, the
 * next agent re-adopts them, removes the containers labelled as its own that it does not track
 * (one whose conmon died meanwhile, one nobody knows), relaunches what is missing, and `agent stop`
 * removes its containers.
 */
class ContainerAgentRecoveryTest extends BackgroundAgentSuite {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String state(String container) {
    TestImages.Result r = TestImages.run("podman", "inspect", "--type", "container", "--format", "{{.State.Status}}",
        container);
    return r.exit() == 0 ? r.out().strip() : "gone";
  }

  private static String get(int port) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.ofString()).body().strip();
  }

  private static String app(String id, String cmd, String extra) {
    return "{\"id\":\"" + id + "\",\"cpus\":0.05,\"mem\":32,\"cmd\":\"" + cmd + "\",\"container\":{\"type\":\"DOCKER\","
        + "\"docker\":{\"image\":\"" + TestImages.BUSYBOX + "\"}" + extra + "}}";
  }

  @Test
  void containersOutliveAKilledAgentAndAreReadoptedAndUntrackedOnesRemoved() throws Exception {
    Cli cli = new Cli(home);
    Cli.Result start = cli.ok("agent", "start");
    JsonNode probe = AgentLocator.lastContainerRuntime(workDir()).orElseThrow();
    Assumptions.assumeTrue(probe.path("docker").asBoolean(), () -> "the agent's probe says containers cannot run "
        + "here: " + probe.path("reason").asText());
    assertThat(start.out()).contains("containers run with podman ");
    String why = TestImages.ensureBuilt();
    Assumptions.assumeTrue(why == null, () -> "cannot build the test image: " + why);
    MarathonClient client = AgentProcesses.client(cli, workDir());
    String web0 = app("/crec/web", "mkdir -p /tmp/w && echo survivor > /tmp/w/index.html && exec httpd -f -p 80 -h "
        + "/tmp/w", ",\"portMappings\":[{\"containerPort\":80}]");
    client.awaitDeployment(client.createApp(Json.parseObject(web0.substring(0, web0.length() - 1)
        + ",\"networks\":[{\"mode\":\"container/bridge\"}]}", "app")), WAIT);
    client.awaitDeployment(client.createApp(Json.parseObject(app("/crec/lost", "exec sleep 600", ""), "app")), WAIT);
    AppStatus web = client.app("/crec/web").orElseThrow();
    String webTask = web.tasks().get(0).id();
    int port = web.tasks().get(0).ports().get(0);
    assertThat(get(port)).isEqualTo("survivor");
    String lostTask = client.app("/crec/lost").orElseThrow().tasks().get(0).id();
    String label = probe.path("label").asText();
    String orphan = "zeta-orphan-" + ProcessHandle.current().pid();
    assertThat(TestImages.run("podman", "run", "-d", "--name", orphan, "--label", label, TestImages.BUSYBOX, "sleep",
        "600").exit()).isZero();

    ProcessHandle agent = AgentLocator.process(AgentLocator.read(workDir()).orElseThrow()).orElseThrow();
    agent.destroyForcibly();
    agent.onExit().get();
    assertThat(get(port)).as("the container outlives the agent").isEqualTo("survivor");
    // While no agent runs, the conmon of the other task dies; its container runs on, unmonitored.
    long conmon = Long.parseLong(Files.readString(workDir().resolve("containers/run/" + lostTask + ".conmon.pid"))
        .strip());
    ProcessHandle c = ProcessHandle.of(conmon).orElseThrow();
    c.destroyForcibly();
    c.onExit().get();

    cli.ok("agent", "start");
    MarathonClient second = AgentProcesses.client(cli, workDir());
    Poll.until(WAIT, "recovery done", () -> second.metrics().path("gauges").path("zeta.agent.recovery").path("value")
        .path("state").asText().equals("done"));
    JsonNode rec = second.metrics().path("gauges").path("zeta.agent.recovery").path("value");
    assertThat(rec.path("tasksAdopted").asInt()).isEqualTo(1);
    assertThat(rec.path("tasksEnded").asInt()).isEqualTo(1);
    assertThat(second.app("/crec/web").orElseThrow().tasks()).extracting(t -> t.id()).containsExactly(webTask);
    assertThat(get(port)).isEqualTo("survivor");
    Poll.until(WAIT, "the untracked containers removed", () -> state(orphan).equals("gone")
        && state(lostTask).equals("gone"));
    AppStatus lost = Poll.await(WAIT, "a new task of /crec/lost", () -> second.app("/crec/lost")
        .filter(a -> a.state() == AppState.RUNNING && !a.tasks().get(0).id().equals(lostTask)));
    String replacement = lost.tasks().get(0).id();
    assertThat(state(replacement)).isEqualTo("running");

    cli.ok("agent", "stop");
    assertThat(state(webTask)).as("agent stop removes its containers").isEqualTo("gone");
    assertThat(state(replacement)).isEqualTo("gone");
  }

  @Test
  void theLocalClusterGainsTheDockerCapabilityOnceItsAgentsProbeSucceeds() throws Exception {
    Cli cli = new Cli(home);
    cli.ok("cluster", "init", "--root", home.resolve("root").toString(), "--name", "ctr");
    JsonNode before = Json.parse(cli.ok("cluster", "capabilities", "--json").out(), "capabilities");
    assertThat(before.path("capabilities").findValuesAsText("name")).doesNotContain("docker");
    java.nio.file.Path agentDir = java.nio.file.Path.of(Json.parse(cli.run("agent", "status", "--json").out(), "status")
        .path("workDir").asText());
    try {
      Cli.Result start = cli.ok("agent", "start");
      JsonNode probe = AgentLocator.lastContainerRuntime(agentDir).orElseThrow();
      Assumptions.assumeTrue(probe.path("docker").asBoolean(), () -> "the agent's probe says containers cannot run "
          + "here: " + probe.path("reason").asText());
      assertThat(start.out()).contains("containers run with podman ");
      JsonNode after = Json.parse(cli.ok("cluster", "capabilities", "--json").out(), "capabilities");
      assertThat(after.path("capabilities")).anySatisfy(c -> {
        assertThat(c.path("name").asText()).isEqualTo("docker");
        assertThat(c.path("source").asText()).isEqualTo("detected");
      });
      JsonNode status = Json.parse(cli.ok("agent", "status", "--json").out(), "status");
      assertThat(status.path("containers").path("state").asText()).isEqualTo("available");
      cli.ok("agent", "stop");
    } finally {
      AgentProcesses.cleanUp(agentDir);
    }
  }
}
