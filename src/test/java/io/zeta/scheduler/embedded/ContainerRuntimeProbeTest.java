package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppState;
import io.zeta.scheduler.AppViolation;
import io.zeta.scheduler.InvalidAppException;
import io.zeta.scheduler.MarathonClient;
import io.zeta.testing.TestAgents;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent whose container runtime cannot run: it says why, refuses Docker apps with that reason, runs the rest. */
class ContainerRuntimeProbeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir
  Path work;

  @Test
  void withoutPodmanDockerAppsAreRefusedWithTheReasonAndProcessAppsStillRun() {
    Path missing = work.resolve("no-such-podman");
    try (EmbeddedScheduler agent = EmbeddedScheduler.start(AgentConfig.defaults(work.resolve("w"))
        .withResources(TestAgents.AMPLE).withContainers(ContainerSettings.defaults().withPodman(missing)))) {
      MarathonClient client = TestAgents.client(agent);
      JsonNode probe = Poll.await(WAIT, "the probe", () -> AgentLocator.containerRuntime(agent.workDir(),
          ProcessHandle.current().pid()).filter(r -> !r.path("state").asText().equals("probing")));
      assertThat(probe.path("state").asText()).isEqualTo("unavailable");
      assertThat(probe.path("docker").asBoolean()).isFalse();
      assertThat(probe.path("reason").asText()).startsWith(missing + " is not installed: install podman");
      assertThat(AgentLocator.describeContainers(probe)).startsWith("containers cannot run: " + missing)
          .endsWith("; process apps still run");

      assertThatThrownBy(() -> client.createApp(Json.parseObject("{\"id\":\"/probe/docker\",\"container\":{\"type\":"
          + "\"DOCKER\",\"docker\":{\"image\":\"127.0.0.1:5000/x/y:1\"}}}", "app")))
          .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.violations()).singleElement()
              .satisfies(v -> {
                assertThat(v.pointer()).isEqualTo("/container");
                assertThat(v.message()).startsWith("containers cannot run on this agent: " + missing
                    + " is not installed").contains("(process apps still run)");
              }));
      assertThat(client.app("/probe/docker")).isEmpty();

      client.awaitDeployment(client.createApp(Json.parseObject("{\"id\":\"/probe/proc\",\"cmd\":\"exec sleep 3613\","
          + "\"cpus\":0.01,\"mem\":8}", "app")), WAIT);
      assertThat(client.app("/probe/proc").orElseThrow().state()).isEqualTo(AppState.RUNNING);
    }
  }

  @Test
  void structuralContainerProblemsAreRefusedWhateverTheRuntime() {
    try (EmbeddedScheduler agent = EmbeddedScheduler.start(AgentConfig.defaults(work.resolve("w"))
        .withResources(TestAgents.AMPLE).withContainers(ContainerSettings.defaults().withEnabled(false)))) {
      MarathonClient client = TestAgents.client(agent);
      assertThatThrownBy(() -> client.createApp(Json.parseObject("{\"id\":\"/probe/bad\",\"container\":{\"type\":"
          + "\"MESOS\",\"volumes\":[{\"containerPath\":\"../up\",\"hostPath\":\"x\",\"mode\":\"RW\"}]}}", "app")))
          .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.violations())
              .extracting(AppViolation::pointer).contains("/container/docker/image", "/container/volumes/0/containerPath"));
      assertThatThrownBy(() -> client.createApp(Json.parseObject("{\"id\":\"/probe/off\",\"container\":{\"type\":"
          + "\"DOCKER\",\"docker\":{\"image\":\"127.0.0.1:5000/x/y:1\"}}}", "app")))
          .isInstanceOf(InvalidAppException.class).hasMessageContaining("containers are disabled for this agent");
    }
  }
}
