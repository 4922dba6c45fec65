package io.zeta.cli;

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
    description = "Say whether the agent runs, where, and how many apps and running tasks it has.")
final class AgentStatusCommand extends Subcommand {
  @Mixin
  AgentOptions options;

  @Option(names = "--json", description = "Print {running, workDir, pid, url, port, startedAt, apps, tasksRunning}.")
  boolean json;

  @Override
  int execute() {
    Path workDir = options.workDir(env(), root().cluster);
    Optional<AgentRecord> record = AgentLocator.findRunning(workDir);
    List<AppStatus> apps = record.map(r -> apps(workDir, r)).orElse(List.of());
    int tasks = apps.stream().mapToInt(AppStatus::tasksRunning).sum();
    if (json) {
      ObjectNode doc = Json.object();
      doc.put("running", record.isPresent());
      doc.put("workDir", workDir.toString());
      record.ifPresent(r -> {
        doc.put("pid", r.pid());
        doc.put("url", r.url());
        doc.put("port", r.port());
        doc.put("startedAt", r.startedAt());
        doc.put("apps", apps.size());
        doc.put("tasksRunning", tasks);
      });
      Output.json(out(), doc);
    } else if (record.isPresent()) {
      AgentRecord r = record.get();
      out().println("agent running at " + r.url() + " (pid " + r.pid() + ", since " + r.startedAt() + ")");
      out().println("work directory " + workDir + ": " + apps.size() + " app(s), " + tasks + " task(s) running");
    } else {
      out().println("no agent running for " + workDir + " (start one with `zeta agent start`)");
    }
    return 0;
  }

  private static List<AppStatus> apps(Path workDir, AgentRecord r) {
    try {
      return AgentLocator.client(workDir, r, ClientSettings.defaults().withRetry(RetryPolicy.once())).apps(null);
    } catch (ZetaException e) {
      return List.of();
    }
  }
}
