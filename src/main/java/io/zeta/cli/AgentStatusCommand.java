package io.zeta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.ClientSettings;
import io.zeta.scheduler.RetryPolicy;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.embedded.AgentRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Say whether the agent runs, where, how many apps and running tasks it has, and how the recovery "
        + "of a previous agent's tasks went.",
        "Exits with " + AgentStatusCommand.EXIT_NOT_RUNNING + " (as LSB init scripts' status) when no agent runs."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:an agent runs and answers", "3:no agent runs (or it does not answer)"})
final class AgentStatusCommand extends Subcommand {
  static final int EXIT_NOT_RUNNING = 3;

  @Mixin
  AgentOptions options;


  @Override
  int execute() {
    Path workDir = options.workDir(env(), root().cluster);
    Optional<AgentRecord> record = AgentLocator.findRunning(workDir);
    List<AppStatus> apps = record.map(r -> apps(workDir, r)).orElse(List.of());
    int tasks = apps.stream().mapToInt(AppStatus::tasksRunning).sum();
    Optional<JsonNode> recovery = record.flatMap(r -> recovery(workDir, r));
    Optional<JsonNode> containers = record.flatMap(r -> AgentLocator.containerRuntime(workDir, r.pid()));
    if (structured()) {
      ObjectNode doc = Json.object();
      doc.put("running", record.isPresent());
      doc.put("workDir", workDir.toString());
      record.ifPresent(r -> {
        doc.put("pid", r.pid());
        doc.put("url", r.url());
        doc.put("port", r.port());
        doc.put("startedAt", r.startedAt());
        doc.set("apps", Json.tree(apps.stream().map(AppStatus::id).toList()));
        doc.put("tasksRunning", tasks);
        recovery.ifPresent(rec -> doc.set("recovery", rec));
        containers.ifPresent(c -> doc.set("containers", c));
      });
      print(doc);
    } else if (record.isPresent()) {
      AgentRecord r = record.get();
      out().println("agent running at " + r.url() + " (pid " + r.pid() + ", since " + r.startedAt() + ")");
      out().println("work directory " + workDir + ": " + apps.size() + " app(s), " + tasks + " task(s) running");
      recovery.ifPresent(rec -> out().println("recovery " + rec.path("state").asText() + ": "
          + rec.path("tasksAdopted").asInt() + " of " + rec.path("tasksRecorded").asInt()
          + " recorded task(s) re-adopted, " + rec.path("tasksStopped").asInt() + " stopped, "
          + rec.path("tasksEnded").asInt() + " had ended"));
      containers.ifPresent(c -> out().println(AgentLocator.describeContainers(c)));
    } else {
      out().println("no agent running for " + workDir + " (start one with `zeta agent start`)");
    }
    return record.isPresent() ? 0 : EXIT_NOT_RUNNING;
  }

  /** The agent's recovery progress, which it reports as a gauge of /metrics. */
  private static Optional<JsonNode> recovery(Path workDir, AgentRecord r) {
    try {
      JsonNode rec = AgentLocator.client(workDir, r, ClientSettings.defaults().withRetry(RetryPolicy.once())).metrics()
          .path("gauges").path("zeta.agent.recovery").path("value");
      return rec.isObject() ? Optional.of(rec) : Optional.empty();
    } catch (ZetaException e) {
      return Optional.empty();
    }
  }

  private static List<AppStatus> apps(Path workDir, AgentRecord r) {
    try {
      return AgentLocator.client(workDir, r, ClientSettings.defaults().withRetry(RetryPolicy.once())).apps(null);
    } catch (ZetaException e) {
      return List.of();
    }
  }
}
