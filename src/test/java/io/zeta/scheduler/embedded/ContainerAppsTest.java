package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppState;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.AppViolation;
import io.zeta.scheduler.InvalidAppException;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.TaskFailure;
import io.zeta.testing.TestAgents;
import io.zeta.testing.TestImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker apps on the embedded scheduler, through its Marathon API, with real podman containers of
 * an image built here (busybox FROM scratch). One agent for the class; each test its own apps.
 * Skipped only when the agent's own probe says containers cannot run here, with its reason.
 */
class ContainerAppsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir
  static Path dir;
  static EmbeddedScheduler agent;
  static MarathonClient client;
  static Path shared;

  @BeforeAll
  static void startAgent() throws Exception {
    shared = Files.createDirectories(dir.resolve("shared"));
    agent = EmbeddedScheduler.start(AgentConfig.defaults(dir.resolve("work")).withResources(TestAgents.AMPLE)
        .withKillGracePeriod(Duration.ofSeconds(2))
        .withContainers(ContainerSettings.defaults().withSharedPaths(List.of(shared))));
    client = TestAgents.client(agent);
    JsonNode probe = Poll.await(WAIT, "the container probe", () -> AgentLocator.containerRuntime(agent.workDir(),
        ProcessHandle.current().pid()).filter(r -> !r.path("state").asText().equals("probing")));
    Assumptions.assumeTrue(probe.path("docker").asBoolean(), () -> "the agent's probe says containers cannot run "
        + "here: " + probe.path("reason").asText());
    String why = TestImages.ensureBuilt();
    Assumptions.assumeTrue(why == null, () -> "cannot build the test image: " + why);
  }

  @AfterAll
  static void stopAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  private static ObjectNode app(String json) {
    return Json.parseObject(json, "app");
  }

  private static java.util.Optional<String> answer(int port, String path) {
    try {
      return java.util.Optional.of(get(port, path));
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  private static String get(int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body().strip();
  }

  private static AppStatus running(String id) {
    return Poll.await(WAIT, id + " running", () -> client.app(id).filter(a -> a.state() == AppState.RUNNING));
  }

  private static Path sandbox(String taskId) {
    return agent.workDir().resolve("sandboxes").resolve(taskId);
  }

  private static String containerState(String name) {
    TestImages.Result r = TestImages.run("podman", "inspect", "--type", "container", "--format", "{{.State.Status}}",
        name);
    return r.exit() == 0 ? r.out().strip() : "gone";
  }

  @Test
  void bridgeAppServesHttpOnItsHostPortOn127001WithHealthChecks() throws Exception {
    client.awaitDeployment(client.createApp(app("{\"id\":\"/ctr/web\",\"cpus\":0.1,\"mem\":32,"
        + "\"cmd\":\"mkdir -p /tmp/w && echo \\\"hello $PORT0 $PORT_8080 $MESOS_SANDBOX\\\" > /tmp/w/index.html && "
        + "exec httpd -f -p 8080 -h /tmp/w\","
        + "\"container\":{\"type\":\"DOCKER\",\"docker\":{\"image\":\"" + TestImages.BUSYBOX + "\"},"
        + "\"portMappings\":[{\"containerPort\":8080,\"hostPort\":0,\"name\":\"http\"}]},"
        + "\"networks\":[{\"mode\":\"container/bridge\"}],"
        + "\"healthChecks\":[{\"protocol\":\"HTTP\",\"path\":\"/\",\"portIndex\":0,\"intervalSeconds\":1,"
        + "\"gracePeriodSeconds\":30},{\"protocol\":\"COMMAND\",\"command\":{\"value\":\"test -f /tmp/w/index.html\"},"
        + "\"intervalSeconds\":1,\"gracePeriodSeconds\":30}]}")), WAIT);
    AppStatus app = running("/ctr/web");
    assertThat(app.tasksHealthy()).isEqualTo(1);
    int hostPort = app.tasks().get(0).ports().get(0);
    assertThat(hostPort).isBetween(31000, 32000);
    assertThat(get(hostPort, "/")).isEqualTo("200 hello " + hostPort + " " + hostPort + " /mnt/mesos/sandbox");
    String name = app.tasks().get(0).id();
    assertThat(containerState(name)).as("the container is named after its task").isEqualTo("running");
    assertThat(TestImages.run("podman", "port", name).out().strip())
        .as("published on 127.0.0.1 only").isEqualTo("8080/tcp -> 127.0.0.1:" + hostPort);
    // Marathon lists no port definitions for an app on a container network.
    assertThat(client.info()).isNotNull();

    client.awaitDeployment(client.destroyApp("/ctr/web").orElseThrow(), WAIT);
    Poll.until(WAIT, "container removed", () -> containerState(name).equals("gone"));
  }

  @Test
  void hostNetworkAppListensOnItsPortAndCmdReplacesTheEntrypointWhileArgsAppendToIt() throws Exception {
    client.awaitDeployment(client.createApp(app("{\"id\":\"/ctr/host\",\"cpus\":0.1,\"mem\":32,"
        + "\"cmd\":\"mkdir -p /tmp/w && echo host-net > /tmp/w/index.html && exec httpd -f -p $PORT0 -h /tmp/w\","
        + "\"container\":{\"type\":\"DOCKER\",\"docker\":{\"image\":\"" + TestImages.ECHO_ENTRYPOINT + "\"}},"
        + "\"networks\":[{\"mode\":\"host\"}],\"portDefinitions\":[{\"port\":0}]}")), WAIT);
    AppStatus host = running("/ctr/host");
    int port = host.tasks().get(0).ports().get(0);
    // Without a health check the task is running once its container started, before httpd listens.
    assertThat(Poll.await(WAIT, "httpd on port " + port, () -> answer(port, "/"))).isEqualTo("200 host-net");

    // args: appended to the image's entrypoint (/bin/echo entrypoint:), as Docker does.
    String args = client.createApp(app("{\"id\":\"/ctr/args\",\"cpus\":0.1,\"mem\":32,\"args\":[\"one\",\"two\"],"
        + "\"container\":{\"type\":\"DOCKER\",\"docker\":{\"image\":\"" + TestImages.ECHO_ENTRYPOINT + "\"}}}"));
    Path out = Poll.await(WAIT, "the args task's output", () -> stdoutContaining("entrypoint: one two"));
    assertThat(Files.readString(out)).startsWith("entrypoint: one two\n");
    client.destroyApp("/ctr/args");
    client.awaitDeployment(client.destroyApp("/ctr/host").orElseThrow(), WAIT);
    assertThat(args).isNotBlank();
  }

  private static Optional<Path> stdoutContaining(String text) {
    try (Stream<Path> s = Files.list(agent.workDir().resolve("sandboxes"))) {
      return s.map(p -> p.resolve("stdout")).filter(Files::isRegularFile).filter(f -> {
        try {
          return Files.readString(f).contains(text);
        } catch (IOException e) {
          return false;
        }
      }).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Test
  void volumesAreBoundReadWriteOrReadOnlyAndSharedStorageIsAtTheSamePath() throws Exception {
    Path rw = Files.createDirectories(dir.resolve("rw"));
    Path ro = Files.createDirectories(dir.resolve("ro"));
    Files.writeString(ro.resolve("given"), "from the host\n");
    Files.writeString(shared.resolve("cluster-file"), "shared storage\n");
    client.awaitDeployment(client.createApp(app("{\"id\":\"/ctr/vol\",\"cpus\":0.1,\"mem\":32,"
        + "\"cmd\":\"cat /data/ro/given > /data/rw/copied; (echo x > /data/ro/new) 2>/dev/null || echo refused > "
        + "/data/rw/ro-write; cat " + shared + "/cluster-file > /data/rw/shared; echo rel > $MESOS_SANDBOX/rel/inside; echo ok > /data/rw/done; exec sleep 600\","
        + "\"container\":{\"type\":\"DOCKER\",\"docker\":{\"image\":\"" + TestImages.BUSYBOX + "\"},\"volumes\":["
        + "{\"containerPath\":\"/data/rw\",\"hostPath\":\"" + rw + "\",\"mode\":\"RW\"},"
        + "{\"containerPath\":\"/data/ro\",\"hostPath\":\"" + ro + "\",\"mode\":\"RO\"},"
        + "{\"containerPath\":\"rel\",\"hostPath\":\"relhost\",\"mode\":\"RW\"}]}}")), WAIT);
    AppStatus app = running("/ctr/vol");
    Poll.until(WAIT, "the container wrote its files", () -> Files.exists(rw.resolve("done")));
    assertThat(Files.readString(rw.resolve("copied"))).isEqualTo("from the host\n");
    assertThat(Files.readString(rw.resolve("ro-write"))).isEqualTo("refused\n");
    assertThat(ro.resolve("new")).doesNotExist();
    assertThat(Files.readString(rw.resolve("shared"))).isEqualTo("shared storage\n");
    assertThat(Files.readString(sandbox(app.tasks().get(0).id()).resolve("relhost/inside")))
        .as("a relative containerPath is in the sandbox, a relative hostPath too").isEqualTo("rel\n");
    client.awaitDeployment(client.destroyApp("/ctr/vol").orElseThrow(), WAIT);
  }

  @Test
  void aContainerOverItsMemIsKilledAndReportedAsTaskFailedWithTheLimit() {
    client.createApp(app("{\"id\":\"/ctr/oom\",\"cpus\":0.1,\"mem\":16,\"backoffSeconds\":600,"
        + "\"cmd\":\"x=a; while true; do x=\\\"$x$x\\\"; done\","
        + "\"container\":{\"type\":\"DOCKER\",\"docker\":{\"image\":\"" + TestImages.BUSYBOX + "\"}}}"));
    TaskFailure f = Poll.await(WAIT, "the OOM failure", () -> client.app("/ctr/oom").flatMap(AppStatus::lastTaskFailure));
    assertThat(f.state()).isEqualTo("TASK_FAILED");
    assertThat(f.message()).startsWith("Memory limit exceeded: Requested: 16MB Maximum Used: ")
        .contains("OOM-killed");
    assertThat(containerState(f.taskId())).as("an ended container is removed").isEqualTo("gone");
    client.destroyApp("/ctr/oom");
  }

  @Test
  void privilegedContainersAndUnsafeParametersAreRefusedAndNothingIsCreated() {
    assertThatThrownBy(() -> client.createApp(app("{\"id\":\"/ctr/priv\",\"cmd\":\"sleep 1\",\"container\":{"
        + "\"type\":\"DOCKER\",\"docker\":{\"image\":\"" + TestImages.BUSYBOX + "\",\"privileged\":true}}}")))
        .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.violations()).singleElement()
            .satisfies(v -> {
              assertThat(v.pointer()).isEqualTo("/container/docker/privileged");
              assertThat(v.message()).contains("start the agent with --allow-privileged");
            }));
    assertThatThrownBy(() -> client.createApp(app("{\"id\":\"/ctr/params\",\"cmd\":\"sleep 1\",\"container\":{"
        + "\"type\":\"DOCKER\",\"docker\":{\"image\":\"" + TestImages.BUSYBOX + "\",\"parameters\":["
        + "{\"key\":\"label\",\"value\":\"a=b\"},{\"key\":\"cap-add\",\"value\":\"SYS_ADMIN\"}]}}}")))
        .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.violations())
            .extracting(AppViolation::pointer).containsExactly("/container/docker/parameters/1/key"));
    assertThatThrownBy(() -> client.createApp(app("{\"id\":\"/ctr/persistent\",\"cmd\":\"sleep 1\",\"container\":{"
        + "\"type\":\"DOCKER\",\"docker\":{\"image\":\"" + TestImages.BUSYBOX + "\"},\"volumes\":[{\"containerPath\":"
        + "\"data\",\"persistent\":{\"size\":10},\"mode\":\"RW\"}]}}")))
        .isInstanceOf(InvalidAppException.class).hasMessageContaining("persistent, external and secret volumes");
    assertThat(client.app("/ctr/priv")).isEmpty();
    assertThat(client.app("/ctr/params")).isEmpty();
    assertThat(client.app("/ctr/persistent")).isEmpty();
  }

  @Test
  void killIsPodmanStopWithTheGracePeriodAndAKilledContainerIsReplaced() throws Exception {
    client.awaitDeployment(client.createApp(app("{\"id\":\"/ctr/term\",\"cpus\":0.1,\"mem\":32,"
        + "\"taskKillGracePeriodSeconds\":5,\"backoffSeconds\":1,"
        + "\"cmd\":\"trap 'echo got-term; exit 0' TERM; echo started; while true; do sleep 0.1; done\","
        + "\"container\":{\"type\":\"DOCKER\",\"docker\":{\"image\":\"" + TestImages.BUSYBOX + "\"}}}")), WAIT);
    String first = running("/ctr/term").tasks().get(0).id();
    // SIGKILL of the container's conmon: the task fails, its container goes, a new task replaces it.
    long conmon = Long.parseLong(Files.readString(agent.workDir().resolve("containers/run/" + first + ".conmon.pid"))
        .strip());
    ProcessHandle.of(conmon).orElseThrow().destroyForcibly();
    TaskFailure f = Poll.await(WAIT, "the failure of the task whose conmon died", () -> client.app("/ctr/term")
        .flatMap(AppStatus::lastTaskFailure).filter(x -> x.taskId().equals(first)));
    assertThat(f.message()).contains("conmon");
    Poll.until(WAIT, "the old container gone", () -> containerState(first).equals("gone"));
    AppStatus again = Poll.await(WAIT, "a new task", () -> client.app("/ctr/term").filter(a -> a.state()
        == AppState.RUNNING && !a.tasks().get(0).id().equals(first)));
    String second = again.tasks().get(0).id();
    Poll.until(WAIT, "the second task started", () -> read(sandbox(second).resolve("stdout")).contains("started"));

    client.awaitDeployment(client.updateApp("/ctr/term", Json.parseObject("{\"instances\":0}", "scale"), false), WAIT);
    assertThat(read(sandbox(second).resolve("stdout"))).as("stopped with SIGTERM first").contains("got-term");
    assertThat(containerState(second)).isEqualTo("gone");
    client.destroyApp("/ctr/term");
  }

  @Test
  void theAgentRemovesContainersLabelledAsItsOwnThatItDoesNotTrackAndNoOthers() {
    String key = agent.containers().agentKey();
    String orphan = "zeta-test-orphan-" + ProcessHandle.current().pid();
    String stranger = "zeta-test-stranger-" + ProcessHandle.current().pid();
    assertThat(TestImages.run("podman", "run", "-d", "--name", orphan, "--label", ContainerRuntime.LABEL_AGENT + "="
        + key, TestImages.BUSYBOX, "sleep", "600").exit()).isZero();
    assertThat(TestImages.run("podman", "run", "-d", "--name", stranger, "--label", ContainerRuntime.LABEL_AGENT
        + "=someone-else", TestImages.BUSYBOX, "sleep", "600").exit()).isZero();
    try {
      // The agent's own periodic sweep may have been first.
      assertThat(agent.containers().sweep(agent.trackedTaskIds())).isSubsetOf(orphan);
      assertThat(containerState(orphan)).isEqualTo("gone");
      assertThat(containerState(stranger)).isEqualTo("running");
    } finally {
      TestImages.run("podman", "rm", "-f", "--ignore", "-t", "0", orphan, stranger);
    }
  }

  @Test
  void anImageIsPulledByDigestFromARegistryOn127001() throws Exception {
    Assumptions.assumeTrue(io.zeta.testing.Registries.available(), () -> "no docker-registry here: missing "
        + io.zeta.testing.Registries.missing());
    try (io.zeta.testing.Registries registry = io.zeta.testing.Registries.start(dir.resolve("registry"))) {
      String digest = registry.pushBusybox("zeta/busybox", "pulled");
      String image = registry.hostPort() + "/zeta/busybox@" + digest;
      try {
        client.awaitDeployment(client.createApp(app("{\"id\":\"/ctr/pulled\",\"cpus\":0.1,\"mem\":32,"
            + "\"cmd\":\"echo pulled-by-digest; exec sleep 600\",\"container\":{\"type\":\"DOCKER\",\"docker\":{"
            + "\"image\":\"" + image + "\",\"forcePullImage\":true}}}")), WAIT);
        String task = running("/ctr/pulled").tasks().get(0).id();
        Poll.until(WAIT, "the output", () -> read(sandbox(task).resolve("stdout")).contains("pulled-by-digest"));
        assertThat(TestImages.run("podman", "inspect", "--type", "container", "--format", "{{.ImageName}}", task)
            .out().strip()).isEqualTo(image);
        client.awaitDeployment(client.destroyApp("/ctr/pulled").orElseThrow(), WAIT);
      } finally {
        TestImages.run("podman", "rmi", "--ignore", image);
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
