package io.zeta.cli;

import io.zeta.json.Json;
import io.zeta.scheduler.ClientSettings;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.RetryPolicy;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.embedded.AgentRecord;
import io.zeta.testing.Cli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Helpers for tests that drive a background agent (`zeta agent start`) and look at its task processes. */
final class AgentProcesses {
  private AgentProcesses() {}

  /** Processes anywhere on the machine whose command line holds the marker (a background agent's tasks are not our children). */
  static List<ProcessHandle> withCommandLine(String marker) {
    return ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains(marker)).toList();
  }

  static MarathonClient client(Cli cli, Path workDir) {
    String url = Json.parse(cli.ok("agent", "status", "--json", "--work-dir", workDir.toString()).out(), "status")
        .get("url").asText();
    return MarathonClient.of(url, ClientSettings.defaults().withToken(token(workDir)).withRetry(RetryPolicy.once())
        .withPollInterval(Duration.ofMillis(100)));
  }

  /** The API token the running agent wrote into its work directory. */
  static String token(Path workDir) {
    return AgentLocator.token(workDir).orElseThrow();
  }

  /** Kills a left agent and the tasks it recorded, so that a failed test leaves nothing running. */
  static void cleanUp(Path workDir) {
    try {
      ServeDaemon.stop(workDir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    AgentLocator.read(workDir).flatMap(AgentLocator::process).ifPresent(ProcessHandle::destroyForcibly);
    AgentLocator.read(workDir).map(AgentRecord::pid).flatMap(ProcessHandle::of).ifPresent(h -> h.onExit().join());
    io.zeta.scheduler.embedded.EmbeddedScheduler.stopLeftoverTasks(workDir, Duration.ZERO);
  }
}
