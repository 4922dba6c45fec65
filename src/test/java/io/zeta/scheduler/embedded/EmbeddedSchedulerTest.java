package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppState;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.TaskFailure;
import io.zeta.scheduler.TaskStatus;
import io.zeta.testing.TestAgents;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent running real processes: ports, scaling, replacement of dead and unhealthy tasks, the
 * task environment, failed fetches. Each test uses its own app and its own {@code sleep} duration,
 * by which the test finds the app's processes.
 */
class EmbeddedSchedulerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir
  static Path work;
  static EmbeddedScheduler agent;
  static MarathonClient client;

  @BeforeAll
  static void startAgent() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", System.getProperty("user.home"));
    env.put("LANG", "C.UTF-8");
    env.put("AGENT_ONLY_SECRET", "must not reach tasks");
    agent = EmbeddedScheduler.start(AgentConfig.defaults(work).withKillGracePeriod(Duration.ofSeconds(2))
        .withResources(TestAgents.AMPLE)
        .withAgentEnvironment(env));
    client = TestAgents.client(agent);
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  private static ObjectNode app(String json) {
    return Json.parseObject(json, "test app");
  }

  private static AppStatus status(String id) {
    return client.app(id).orElseThrow();
  }

  private static Path sandbox(TaskStatus task) {
    return work.resolve("sandboxes").resolve(task.id());
  }

  private static String readWhenPresent(Path file) {
    return Poll.await(WAIT, file.toString(), () -> {
      try {
        return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      }
    });
  }

  @Test
  void anAppServesOnItsPortOnceHealthy() throws Exception {
    String deployment = client.createApp(app("{\"id\":\"/agent/web\",\"cmd\":\"exec python3 -m http.server $PORT0 "
        + "--bind 127.0.0.1\",\"healthChecks\":[{\"protocol\":\"HTTP\",\"path\":\"/\",\"gracePeriodSeconds\":30,"
        + "\"intervalSeconds\":1,\"timeoutSeconds\":2}]}"));
    client.awaitDeployment(deployment, WAIT);
    AppStatus app = status("/agent/web");
    assertThat(app.state()).isEqualTo(AppState.RUNNING);
    assertThat(app.tasksHealthy()).isEqualTo(1);
    TaskStatus task = app.tasks().get(0);
    assertThat(task.healthCheckResults()).singleElement().satisfies(h -> {
      assertThat(h.alive()).isTrue();
      assertThat(h.firstSuccess()).isPresent();
    });
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + task.ports().get(0) + "/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("stdout").contains("stderr");
  }

  @Test
  void scalingStartsAndStopsProcesses() {
    String marker = "sleep 3611";
    client.awaitDeployment(client.createApp(app("{\"id\":\"/agent/scale\",\"cmd\":\"exec " + marker + "\"}")), WAIT);
    assertThat(LocalProcesses.withCommandLine(marker)).hasSize(1);

    client.awaitDeployment(client.scaleApp("/agent/scale", 2, false), WAIT);
    AppStatus two = status("/agent/scale");
    assertThat(two.tasksRunning()).isEqualTo(2);
    assertThat(two.tasks()).extracting(t -> t.ports().get(0)).doesNotHaveDuplicates();
    assertThat(LocalProcesses.withCommandLine(marker)).hasSize(2);

    client.awaitDeployment(client.scaleApp("/agent/scale", 0, false), WAIT);
    assertThat(LocalProcesses.withCommandLine(marker)).isEmpty();
    assertThat(status("/agent/scale").state()).isEqualTo(AppState.STOPPED);
  }

  @Test
  void aKilledProcessIsReplaced() throws Exception {
    String marker = "sleep 3622";
    client.awaitDeployment(client.createApp(app("{\"id\":\"/agent/phoenix\",\"cmd\":\"exec " + marker + "\"}")),
        WAIT);
    String first = status("/agent/phoenix").tasks().get(0).id();
    ProcessHandle process = LocalProcesses.withCommandLine(marker).get(0);
    assertThat(new ProcessBuilder("kill", "-9", String.valueOf(process.pid())).start().waitFor()).isZero();

    TaskStatus second = Poll.await(WAIT, "a new task", () -> status("/agent/phoenix").tasks().stream()
        .filter(t -> t.isRunning() && !t.id().equals(first)).findFirst());
    assertThat(second.id()).isNotEqualTo(first);
    TaskFailure failure = status("/agent/phoenix").lastTaskFailure().orElseThrow();
    assertThat(failure.taskId()).isEqualTo(first);
    assertThat(failure.state()).isEqualTo("TASK_FAILED");
    assertThat(failure.message()).isEqualTo("Command terminated with signal 9");
    assertThat(process.isAlive()).isFalse();
    Poll.until(WAIT, "one process again", () -> LocalProcesses.withCommandLine(marker).size() == 1);
  }

  @Test
  void destroyStopsEveryTask() {
    String marker = "sleep 3633";
    client.awaitDeployment(client.createApp(app("{\"id\":\"/agent/gone\",\"cmd\":\"exec " + marker + "\","
        + "\"instances\":2}")), WAIT);
    assertThat(LocalProcesses.withCommandLine(marker)).hasSize(2);
    String deployment = client.destroyApp("/agent/gone").orElseThrow();
    assertThat(client.app("/agent/gone")).isEmpty();
    client.awaitDeployment(deployment, WAIT);
    assertThat(LocalProcesses.withCommandLine(marker)).isEmpty();
  }

  @Test
  void aTaskFailingItsHealthChecksIsKilledAndReplaced() {
    String marker = "sleep 3644";
    client.createApp(app("{\"id\":\"/agent/sick\",\"cmd\":\"exec " + marker + "\",\"healthChecks\":[{"
        + "\"protocol\":\"COMMAND\",\"command\":{\"value\":\"false\"},\"gracePeriodSeconds\":0,\"intervalSeconds\":1,"
        + "\"maxConsecutiveFailures\":1}]}"));
    String first = Poll.await(WAIT, "the first task", () -> status("/agent/sick").tasks().stream()
        .filter(TaskStatus::isRunning).map(TaskStatus::id).findFirst());
    TaskFailure failure = Poll.await(WAIT, "the first task to be killed",
        () -> status("/agent/sick").lastTaskFailure());
    assertThat(failure.taskId()).isEqualTo(first);
    assertThat(failure.state()).isEqualTo("TASK_KILLED");
    assertThat(failure.message()).isEqualTo("killed after 2 failed health checks in a row: command exited with 1");
    Poll.await(WAIT, "a replacement", () -> status("/agent/sick").tasks().stream()
        .filter(t -> t.isRunning() && !t.id().equals(first)).findFirst());
    assertThat(status("/agent/sick").state()).isEqualTo(AppState.DEPLOYING);
    client.destroyApp("/agent/sick");
  }

  @Test
  void theTaskSeesMarathonsEnvironment() {
    client.awaitDeployment(client.createApp(app("{\"id\":\"/agent/env\",\"cmd\":\"env > env.tmp && mv env.tmp env.txt"
        + " && exec sleep 3655\",\"cpus\":0.25,\"mem\":64,\"labels\":{\"com.example/team\":\"core\","
        + "\"HAPROXY_0_VHOST\":\"x.example\"},\"portDefinitions\":[{\"port\":0,\"name\":\"http\"},{\"port\":8080}],"
        + "\"env\":{\"PORT1\":\"overridden\",\"MY_VAR\":\"mine\"}}")), WAIT);
    TaskStatus task = status("/agent/env").tasks().get(0);
    Map<String, String> env = new HashMap<>();
    for (String line : readWhenPresent(sandbox(task).resolve("env.txt")).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    String p0 = String.valueOf(task.ports().get(0));
    String p1 = String.valueOf(task.ports().get(1));
    assertThat(env).containsEntry("PORT0", p0).containsEntry("PORT", p0).containsEntry("PORT_HTTP", p0)
        .containsEntry("PORT_8080", p1).containsEntry("PORTS", p0 + "," + p1)
        .containsEntry("PORT1", "overridden").containsEntry("MY_VAR", "mine")
        .containsEntry("HOST", "127.0.0.1")
        .containsEntry("MARATHON_APP_ID", "/agent/env")
        .containsEntry("MESOS_TASK_ID", task.id())
        .containsEntry("MESOS_SANDBOX", sandbox(task).toString())
        .containsEntry("MESOS_DIRECTORY", sandbox(task).toString())
        .containsEntry("MARATHON_APP_LABELS", "COM_EXAMPLE_TEAM HAPROXY_0_VHOST")
        .containsEntry("MARATHON_APP_LABEL_COM_EXAMPLE_TEAM", "core")
        .containsEntry("MARATHON_APP_LABEL_HAPROXY_0_VHOST", "x.example")
        .containsEntry("MARATHON_APP_RESOURCE_CPUS", "0.25").containsEntry("MARATHON_APP_RESOURCE_MEM", "64.0")
        .containsEntry("MARATHON_APP_RESOURCE_DISK", "0.0").containsEntry("MARATHON_APP_RESOURCE_GPUS", "0")
        .containsEntry("MARATHON_APP_VERSION", task.version())
        .containsEntry("LANG", "C.UTF-8")
        .containsKey("PATH")
        .doesNotContainKey("AGENT_ONLY_SECRET");
    client.destroyApp("/agent/env");
  }

  @Test
  void argsAreExecutedWithoutAShell() {
    client.awaitDeployment(client.createApp(app("{\"id\":\"/agent/args\",\"args\":[\"/bin/sh\",\"-c\","
        + "\"echo \\\"$1\\\" > args.tmp && mv args.tmp args.txt && exec sleep 3666\",\"zero\",\"two  words\"]}")), WAIT);
    TaskStatus task = status("/agent/args").tasks().get(0);
    assertThat(readWhenPresent(sandbox(task).resolve("args.txt"))).isEqualTo("two  words\n");
    client.destroyApp("/agent/args");
  }

  @Test
  void aFailedFetchFailsTheTaskAndStartsNothing() {
    String marker = "sleep 3677";
    client.createApp(app("{\"id\":\"/agent/nofetch\",\"cmd\":\"exec " + marker + "\","
        + "\"fetch\":[{\"uri\":\"file:///no/such/archive.tgz\"}]}"));
    TaskFailure failure = Poll.await(WAIT, "the fetch to fail", () -> status("/agent/nofetch").lastTaskFailure());
    assertThat(failure.state()).isEqualTo("TASK_FAILED");
    assertThat(failure.message()).isEqualTo("cannot fetch file:///no/such/archive.tgz: no such file "
        + "/no/such/archive.tgz");
    assertThat(LocalProcesses.withCommandLine(marker)).isEmpty();
    AppStatus app = status("/agent/nofetch");
    assertThat(app.tasksRunning()).isZero();
    assertThat(app.state()).isEqualTo(AppState.DEPLOYING);
    client.destroyApp("/agent/nofetch");
  }

  @Test
  void aRequiredPortIsUsedExactlyOnceItIsFree() throws Exception {
    ServerSocket blocker = new ServerSocket();
    blocker.bind(new InetSocketAddress(0));
    int port = blocker.getLocalPort();
    String deployment = client.createApp(app("{\"id\":\"/agent/fixed\",\"cmd\":\"exec sleep 3688\","
        + "\"requirePorts\":true,\"portDefinitions\":[{\"port\":" + port + "}]}"));
    TaskFailure failure = Poll.await(WAIT, "the port to be refused", () -> status("/agent/fixed").lastTaskFailure());
    assertThat(failure.message()).isEqualTo("port " + port + " is required (requirePorts) but another process uses it");
    blocker.close();
    client.awaitDeployment(deployment, WAIT);
    assertThat(status("/agent/fixed").tasks().get(0).ports()).containsExactly(port);
    client.destroyApp("/agent/fixed");
  }

  @Test
  void tasksAreListedWithTheirApps() {
    client.awaitDeployment(client.createApp(app("{\"id\":\"/agent/listed/a\",\"cmd\":\"exec sleep 3699\"}")), WAIT);
    List<AppStatus> apps = client.apps("/agent/listed/");
    assertThat(apps).singleElement().satisfies(a -> {
      assertThat(a.tasks()).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo("TASK_RUNNING"));
      assertThat(a.state()).isEqualTo(AppState.RUNNING);
    });
    client.destroyApp("/agent/listed/a");
  }
}
