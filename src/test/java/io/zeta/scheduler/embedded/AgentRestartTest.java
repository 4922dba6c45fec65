package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zeta.ZetaException;
import io.zeta.json.Json;
import io.zeta.scheduler.AppState;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.DeploymentStatus;
import io.zeta.scheduler.MarathonClient;
import io.zeta.testing.TestAgents;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives an agent that stops: app definitions do, processes do not (a crash: see AgentRecoveryTest). */
class AgentRestartTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir
  Path work;

  private AgentConfig config() {
    return AgentConfig.defaults(work).withKillGracePeriod(Duration.ofSeconds(2))
        .withResources(TestAgents.AMPLE);
  }

  private static MarathonClient client(EmbeddedScheduler agent) {
    return TestAgents.client(agent);
  }

  @Test
  void appsRunAgainAfterARestart() {
    String marker = "sleep 3711";
    try (EmbeddedScheduler first = EmbeddedScheduler.start(config())) {
      MarathonClient client = client(first);
      client.awaitDeployment(client.createApp(Json.parseObject("{\"id\":\"/restart/me\",\"cmd\":\"exec " + marker
          + "\",\"instances\":2}", "app")), WAIT);
      assertThat(LocalProcesses.withCommandLine(marker)).hasSize(2);
    }
    assertThat(LocalProcesses.withCommandLine(marker)).as("closing stops the tasks").isEmpty();
    assertThat(work.resolve("apps/restart_me.json")).isRegularFile();

    try (EmbeddedScheduler second = EmbeddedScheduler.start(config())) {
      MarathonClient client = client(second);
      AppStatus app = client.app("/restart/me").orElseThrow();
      assertThat(app.instances()).isEqualTo(2);
      for (DeploymentStatus d : client.deployments()) {
        assertThat(d.currentActions()).containsExactly("StartApplication /restart/me");
        client.awaitDeployment(d.id(), WAIT);
      }
      assertThat(client.app("/restart/me").orElseThrow().state()).isEqualTo(AppState.RUNNING);
      assertThat(LocalProcesses.withCommandLine(marker)).hasSize(2);
    }
  }

  @Test
  void processesLeftByACrashedAgentAreStopped() throws Exception {
    Process leftover = new ProcessBuilder("sleep", "3722").start();
    Process stranger = new ProcessBuilder("sleep", "3733").start();
    try {
      Files.createDirectories(work.resolve("tasks"));
      record("crashed.1", leftover.toHandle(), leftover.toHandle().info().startInstant().orElseThrow().toEpochMilli());
      // Same pid, other start time: a process that merely reuses a recorded pid is left alone.
      record("crashed.2", stranger.toHandle(),
          stranger.toHandle().info().startInstant().orElseThrow().toEpochMilli() - 60_000);
      try (EmbeddedScheduler agent = EmbeddedScheduler.start(config())) {
        // The agent serves at once; leftovers no app wants are stopped in the background.
        client(agent).ping();
        Poll.until(WAIT, "the leftover stopped", () -> !leftover.isAlive());
        Poll.until(WAIT, "recovery done", () -> client(agent).metrics().path("gauges").path("zeta.agent.recovery").path("value")
            .path("state").asText().equals("done"));
        assertThat(stranger.isAlive()).isTrue();
        try (var files = Files.list(work.resolve("tasks"))) {
          assertThat(files.toList()).isEmpty();
        }
      }
    } finally {
      leftover.destroyForcibly();
      stranger.destroyForcibly();
    }
  }

  private void record(String taskId, ProcessHandle process, long startedAt) throws Exception {
    var doc = Json.object();
    doc.put("taskId", taskId);
    doc.put("pid", process.pid());
    doc.put("processStartedAt", startedAt);
    Files.write(work.resolve("tasks").resolve(taskId + ".json"), Json.prettyBytes(doc));
  }

  @Test
  void twoAgentsCannotShareAWorkDirectory() {
    try (EmbeddedScheduler first = EmbeddedScheduler.start(config())) {
      assertThatThrownBy(() -> EmbeddedScheduler.start(config()))
          .isInstanceOf(ZetaException.class)
          .hasMessage("another agent runs with the work directory " + work.toAbsolutePath().normalize());
      client(first).ping();
    }
    EmbeddedScheduler.start(config()).close();
  }

  @Test
  void theApiListensOnLoopbackOnly() throws Exception {
    Optional<InetAddress> external = NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .findFirst();
    assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
    try (EmbeddedScheduler agent = EmbeddedScheduler.start(config())) {
      client(agent).ping();
      assertThatThrownBy(() -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(external.get(), agent.port()), 2000);
        }
      }).isInstanceOf(ConnectException.class);
    }
  }
}
