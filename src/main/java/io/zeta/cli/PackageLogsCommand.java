package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.TaskStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
    description = {"Show an instance's task output (stdout, or stderr with --stderr) from the embedded scheduler's sandboxes.",
        "Without a running task, the newest ended task's output is shown. --follow keeps printing until the task ends."})
final class PackageLogsCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE/ID", description = "The instance.")
  String target;

  @Option(names = "--stderr", description = "Show stderr instead of stdout.")
  boolean stderr;

  @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "50", description = "Last N lines (default: ${DEFAULT-VALUE}).")
  int lines;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the task ends.")
  boolean follow;

  @Override
  int execute() throws Exception {
    if (lines < 0) {
      throw usage("--lines must be 0 or more, got " + lines);
    }
    if (follow && structured()) {
      throw usage("--follow prints the output as it comes, as text; leave out -o " + output.format() + " (or --follow)");
    }
    String[] r = Names.roleAndId(target);
    try (Cluster cluster = cluster()) {
      if (!cluster.config().localScheduler()) {
        throw new ZetaException("logs are read from the embedded scheduler's sandboxes; cluster " + cluster.name()
            + " runs on Marathon at " + cluster.config().scheduler(), "use the Mesos UI or `dcos task log`", null);
      }
      Path sandboxes = LocalAgents.workDir(env(), cluster).resolve("sandboxes");
      MarathonClient client = Runtimes.of(cluster, env()).client();
      String prefix = "/" + r[0] + "/" + r[1];
      List<AppStatus> apps = client.apps(prefix).stream()
          .filter(a -> a.id().equals(prefix) || a.id().startsWith(prefix + "/")).toList();
      if (apps.isEmpty()) {
        throw new ZetaException(target + " has no apps on the scheduler", "start it with `zeta package start " + target + "`", null);
      }
      String file = stderr ? "stderr" : "stdout";
      var logs = io.zeta.json.Json.MAPPER.createArrayNode();
      for (AppStatus app : apps) {
        Optional<Path> sandbox = sandbox(sandboxes, app);
        if (sandbox.isEmpty()) {
          err().println("zeta: " + app.id() + " has no task output yet");
          continue;
        }
        if (structured()) {
          Path log = sandbox.get().resolve(file);
          var entry = logs.addObject().put("app", app.id()).put("task", sandbox.get().getFileName().toString())
              .put("stream", file);
          tail(log).forEach(entry.putArray("lines")::add);
          continue;
        }
        if (apps.size() > 1) {
          out().println("==> " + app.id() + " (" + sandbox.get().getFileName() + ") <==");
        }
        Path log = sandbox.get().resolve(file);
        long offset = printTail(log);
        if (follow) {
          String taskId = sandbox.get().getFileName().toString();
          follow(client, app.id(), taskId, log, offset);
        }
      }
      if (structured()) {
        print(io.zeta.json.Json.object().put("role", r[0]).put("id", r[1]).set("logs", logs));
      }
      return 0;
    }
  }

  /** A running task's sandbox, or the newest one of the app's ended tasks. */
  private static Optional<Path> sandbox(Path sandboxes, AppStatus app) throws IOException {
    for (TaskStatus t : app.tasks()) {
      if (t.isRunning() && Files.isDirectory(sandboxes.resolve(t.id()))) {
        return Optional.of(sandboxes.resolve(t.id()));
      }
    }
    String taskPrefix = app.id().substring(1).replace('/', '_') + ".";
    if (!Files.isDirectory(sandboxes)) {
      return Optional.empty();
    }
    try (Stream<Path> all = Files.list(sandboxes)) {
      return all.filter(p -> p.getFileName().toString().startsWith(taskPrefix))
          .max(Comparator.comparingLong(p -> p.toFile().lastModified()));
    }
  }

  private List<String> tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
    return new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private long printTail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    tail(log).forEach(out()::println);
    out().flush();
    return Files.size(log);
  }

  private void follow(MarathonClient client, String appId, String taskId, Path log, long offset)
      throws IOException, InterruptedException {
    long position = offset;
    while (true) {
      if (Files.exists(log) && Files.size(log) > position) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
          f.seek(position);
          byte[] bytes = new byte[(int) (f.length() - position)];
          f.readFully(bytes);
          out().print(new String(bytes, StandardCharsets.UTF_8));
          out().flush();
          position += bytes.length;
        }
      }
      boolean running = client.app(appId).map(a -> a.tasks().stream().anyMatch(t -> t.id().equals(taskId) && t.isRunning()))
          .orElse(false);
      if (!running) {
        return;
      }
      Thread.sleep(250);
    }
  }
}
