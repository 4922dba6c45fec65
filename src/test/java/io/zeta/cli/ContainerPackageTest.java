package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppState;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.embedded.Poll;
import io.zeta.testing.Cli;
import io.zeta.testing.TestAgents;
import io.zeta.testing.TestImages;
import io.zeta.testing.TestRepo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package whose app is a Docker container, through the CLI on a local cluster: install, start,
 * the URL `describe` gives answers, `package logs` shows the container's output; its conmon killed
 * with SIGKILL, `cluster doctor` reports the instance short of a task and why, and once the agent
 * has launched it again doctor is content; stop and uninstall leave no container.
 */
class ContainerPackageTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  @TempDir
  Path tmp;

  private static String state(String container) {
    TestImages.Result r = TestImages.run("podman", "inspect", "--type", "container", "--format", "{{.State.Status}}",
        container);
    return r.exit() == 0 ? r.out().strip() : "gone";
  }

  @Test
  void aContainerPackageRunsIsReportedByDoctorWhenItsContainerDiesAndIsRelaunched() throws Exception {
    URI root = tmp.resolve("cluster").toUri();
    Cli cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    cli.ok("cluster", "init", "--root", root.toString(), "--name", "ctrpkg");
    TestRepo repo = new TestRepo(tmp.resolve("repo"));
    repo.file("ctrweb", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "ctrweb", "version": "1.0", "maintainer": "t@example.com",
         "description": "busybox httpd in a container", "tags": ["test"]}""");
    repo.file("ctrweb", 0, "marathon.json.mustache", """
        {"id": "/ctrweb", "cpus": 0.1, "mem": 32, "instances": 1, "backoffSeconds": 10,
         "cmd": "echo serving on $PORT0; mkdir -p /tmp/w && echo container-page > /tmp/w/index.html && exec httpd -f -p 8080 -h /tmp/w",
         "container": {"type": "DOCKER", "docker": {"image": "%s"},
           "portMappings": [{"containerPort": 8080, "hostPort": 0, "name": "http", "protocol": "tcp"}]},
         "networks": [{"mode": "container/bridge"}],
         "healthChecks": [{"protocol": "MESOS_HTTP", "portIndex": 0, "path": "/", "intervalSeconds": 1,
           "gracePeriodSeconds": 60}]}""".formatted(TestImages.BUSYBOX));
    cli.ok("package", "repo", "add", "test", repo.root().toString());
    cli.ok("role", "add", "team1");
    cli.ok("package", "install", "ctrweb", "--role", "team1", "--id", "w1", "--stage");
    try (TestAgents.LocalAgent agent = TestAgents.forCli(cli)) {
      JsonNode probe = Poll.await(WAIT, "the probe", () -> AgentLocator.containerRuntime(agent.workDir(),
          ProcessHandle.current().pid()).filter(r -> !r.path("state").asText().equals("probing")));
      Assumptions.assumeTrue(probe.path("docker").asBoolean(), () -> "the agent's probe says containers cannot run "
          + "here: " + probe.path("reason").asText());
      String why = TestImages.ensureBuilt();
      Assumptions.assumeTrue(why == null, () -> "cannot build the test image: " + why);

      cli.ok("package", "start", "team1/w1");
      JsonNode d = Json.parse(cli.ok("package", "describe", "team1/w1", "--json").out(), "describe");
      assertThat(d.get("state").asText()).isEqualTo("running");
      JsonNode task = d.get("apps").get(0).get("tasks").get(0);
      String url = task.get("urls").get(0).asText();
      int port = task.get("ports").get(0).asInt();
      assertThat(url).isEqualTo("http://127.0.0.1:" + port + "/");
      HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.body().strip()).isEqualTo("container-page");
      assertThat(cli.ok("package", "logs", "team1/w1").out()).contains("serving on " + port);
      cli.ok("cluster", "doctor");

      AppStatus app = agent.client().app("/team1/w1").orElseThrow();
      String taskId = app.tasks().get(0).id();
      long conmon = Long.parseLong(Files.readString(agent.workDir().resolve("containers/run/" + taskId
          + ".conmon.pid")).strip());
      ProcessHandle.of(conmon).orElseThrow().destroyForcibly();
      Poll.until(WAIT, "the task failed", () -> agent.client().app("/team1/w1").flatMap(AppStatus::lastTaskFailure)
          .isPresent());
      Cli.Result doctor = cli.run("cluster", "doctor");
      assertThat(doctor.exit()).isNotZero();
      assertThat(doctor.out() + doctor.err()).contains("app /team1/w1 runs 0 of 1 tasks; its last task failed "
          + "(TASK_FAILED: the container's monitor (conmon) ended while the container ran");
      assertThat(state(taskId)).isEqualTo("gone");

      Poll.until(WAIT, "relaunched after the backoff", () -> agent.client().app("/team1/w1")
          .map(a -> a.state() == AppState.RUNNING && a.tasksHealthy() == 1).orElse(false));
      cli.ok("cluster", "doctor");
      String second = agent.client().app("/team1/w1").orElseThrow().tasks().get(0).id();
      assertThat(state(second)).isEqualTo("running");

      cli.ok("package", "stop", "team1/w1");
      assertThat(state(second)).isEqualTo("gone");
      cli.ok("package", "uninstall", "team1/w1", "--yes");
    }
  }
}
