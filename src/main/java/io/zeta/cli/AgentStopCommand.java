package io.zeta.cli;

import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.embedded.AgentRecord;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stop", mixinStandardHelpOptions = true,
    description = {"Stop the agent and the tasks it runs: SIGTERM, and SIGKILL if it has not stopped in time.",
        "Its apps stay stored and start again with the next agent. The zeta serve that quickstart started beside it stops too."})
final class AgentStopCommand extends Subcommand {
  @Mixin
  AgentOptions options;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long the agent may take to stop its tasks before it is killed (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  int execute() throws InterruptedException {
    Path workDir = options.workDir(env(), root().cluster);
    // quickstart's zeta serve goes with its agent.
    Optional<Long> serve = ServeDaemon.stop(workDir);
    if (serve.isPresent() && !structured()) {
      out().println("zeta serve stopped (pid " + serve.get() + ")");
    }
    Optional<AgentRecord> record = AgentLocator.read(workDir);
    Optional<ProcessHandle> process = record.flatMap(AgentLocator::process);
    if (process.isEmpty()) {
      if (structured()) {
        print(result(workDir.toString()).put("running", false).put("workDir", workDir.toString()));
        return 0;
      }
      out().println("no agent running for " + workDir);
      return 0;
    }
    ProcessHandle agent = process.get();
    agent.destroy();
    if (!exited(agent, Duration.ofSeconds(timeoutSeconds))) {
      err().println("zeta: the agent did not stop within " + timeoutSeconds + " s; killing it");
      agent.destroyForcibly();
      exited(agent, Duration.ofSeconds(10));
      int left = EmbeddedScheduler.stopLeftoverTasks(workDir, Duration.ofSeconds(5));
      if (left > 0) {
        err().println("zeta: stopped " + left + " task(s) the agent left running");
      }
      AgentLocator.remove(workDir, agent.pid());
    }
    if (structured()) {
      print(result(workDir.toString()).put("running", false).put("stopped", true).put("pid", agent.pid())
          .put("workDir", workDir.toString()));
      return 0;
    }
    out().println("agent stopped (pid " + agent.pid() + ")");
    return 0;
  }

  private static boolean exited(ProcessHandle process, Duration timeout) throws InterruptedException {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    }
  }
}
