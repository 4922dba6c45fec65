package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppState;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.embedded.Poll;
import io.zeta.testing.Cli;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** An agent killed with SIGKILL: the next one answers at once and re-adopts the tasks that survived it. */
class AgentRecoveryTest extends BackgroundAgentSuite {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String MARKER = "sleep 3951";

  private static Set<Long> pids() {
    return AgentProcesses.withCommandLine(MARKER).stream().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  @Test
  void tasksOfAKilledAgentAreReadoptedNotRestarted() throws Exception {
    Cli cli = new Cli(home);
    cli.ok("agent", "start");
    MarathonClient client = AgentProcesses.client(cli, workDir());
    client.awaitDeployment(client.createApp(Json.parseObject("{\"id\":\"/rec/many\",\"cmd\":\"exec " + MARKER
        + "\",\"instances\":20,\"cpus\":0.01,\"mem\":1}", "app")), WAIT);
    Set<Long> before = pids();
    assertThat(before).hasSize(20);

    ProcessHandle agent = AgentLocator.process(AgentLocator.read(workDir()).orElseThrow()).orElseThrow();
    agent.destroyForcibly();
    agent.onExit().get();
    assertThat(pids()).as("SIGKILL leaves the tasks running").isEqualTo(before);
    // One task dies while no agent runs: it is the one to be launched again.
    long victim = before.iterator().next();
    ProcessHandle v = ProcessHandle.of(victim).orElseThrow();
    v.destroyForcibly();
    v.onExit().get();

    long started = System.nanoTime();
    Cli.Result start = cli.ok("agent", "start", "--timeout", "20");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    assertThat(start.out()).startsWith("agent running at ");
    MarathonClient second = AgentProcesses.client(cli, workDir());

    Poll.until(WAIT, "recovery done", () -> {
      JsonNode rec = second.metrics().path("gauges").path("zeta.agent.recovery").path("value");
      return rec.path("state").asText().equals("done");
    });
    JsonNode rec = second.metrics().path("gauges").path("zeta.agent.recovery").path("value");
    assertThat(rec.path("tasksRecorded").asInt()).isEqualTo(20);
    assertThat(rec.path("tasksAdopted").asInt()).isEqualTo(19);
    assertThat(rec.path("tasksEnded").asInt()).isEqualTo(1);
    assertThat(rec.path("tasksStopped").asInt()).isZero();
    Poll.until(WAIT, "20 tasks running", () -> second.app("/rec/many").map(a -> a.state() == AppState.RUNNING
        && a.tasksRunning() == 20).orElse(false));

    Set<Long> after = pids();
    assertThat(after).hasSize(20);
    Set<Long> survivors = new HashSet<>(before);
    survivors.remove(victim);
    assertThat(after).as("the survivors are the same processes").containsAll(survivors);

    Cli.Result status = cli.ok("agent", "status");
    assertThat(status.out()).contains("1 app(s), 20 task(s) running")
        .contains("recovery done: 19 of 20 recorded task(s) re-adopted, 0 stopped, 1 had ended");

    // A re-adopted task is still the agent's: scaling down stops it, and stopping the agent stops the rest.
    client = second;
    client.awaitDeployment(client.scaleApp("/rec/many", 5, false), WAIT);
    assertThat(pids()).hasSize(5);
    cli.ok("agent", "stop");
    assertThat(pids()).isEmpty();
    Cli.Result none = cli.run("agent", "status");
    assertThat(none.exit()).isEqualTo(AgentStatusCommand.EXIT_NOT_RUNNING);
    assertThat(none.out()).startsWith("no agent running for ");
  }
}
