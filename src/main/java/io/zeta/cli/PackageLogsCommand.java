package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Durations;
import io.zeta.cluster.Names;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.TaskStatus;
import io.zeta.scheduler.embedded.TaskOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
    description = {"Show the output (stdout, or stderr with --stderr) of every task of every app of an instance, each "
        + "line labelled with its task ([TASK-ID] line), from the embedded scheduler's sandboxes.",
        "An app without a running task shows its newest ended task. --since also shows ended tasks that wrote in that "
            + "time. --follow keeps printing until the tasks end (or Ctrl-C)."})
final class PackageLogsCommand extends Subcommand {
  /** Output is untrusted and may be huge: at most this much of each file is read for the last lines. */
  static final int TAIL_BYTES = 8 << 20;

  @Parameters(index = "0", paramLabel = "ROLE/ID", description = "The instance.")
  String target;

  @Option(names = "--app", paramLabel = "NAME", description = "Only this app (its name in a multi-app instance, or its id).")
  String app;

  @Option(names = "--task", paramLabel = "ID", description = "Only this task (its id, or the start of it), running or ended.")
  String task;

  @Option(names = "--since", paramLabel = "DURATION", description = "Only output written in the last DURATION "
      + "(30s, 10m, 2h), to about a second (the agent marks its tasks' output once a second).")
  String since;

  @Option(names = "--stderr", description = "Show stderr instead of stdout.")
  boolean stderr;

  @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "Last N lines of each task (default: 50, or all "
      + "with --since).")
  Integer lines;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the tasks end (or Ctrl-C).")
  boolean follow;

  /** One task whose output is shown. */
  private static final class Source {
    final String appId;
    final String taskId;
    final Path file;
    long position;
    final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    Source(String appId, String taskId, Path file) {
      this.appId = appId;
      this.taskId = taskId;
      this.file = file;
    }
  }

  @Override
  int execute() throws Exception {
    if (lines != null && lines < 0) {
      throw usage("--lines must be 0 or more, got " + lines);
    }
    if (follow && structured()) {
      throw usage("--follow prints the output as it comes, as text; leave out -o " + output.format() + " (or --follow)");
    }
    Instant from = since == null ? null : Instant.now().minus(Durations.parse(since, "--since"));
    String[] r = Names.roleAndId(target);
    try (Cluster cluster = cluster()) {
      reading(cluster, target, () -> {
        cluster.access().require(io.zeta.cluster.Access.Action.LOGS, r[0]);
        return null;
      });
      if (!cluster.config().localScheduler()) {
        throw new ZetaException("logs are read from the embedded scheduler's sandboxes; cluster " + cluster.name()
            + " runs on Marathon at " + cluster.config().scheduler(), "use the Mesos UI or `dcos task log`", null);
      }
      Path workDir = LocalAgents.workDir(env(), cluster);
      MarathonClient client = Runtimes.of(cluster, env()).client();
      String prefix = "/" + r[0] + "/" + r[1];
      List<AppStatus> apps = instanceApps(client, prefix);
      if (apps.isEmpty()) {
        throw new ZetaException(target + " has no apps on the scheduler", "start it with `zeta package start " + target + "`", null);
      }
      if (app != null) {
        String wanted = app.startsWith("/") ? app : prefix + "/" + app;
        apps = apps.stream().filter(a -> a.id().equals(wanted) || (a.id().equals(prefix) && app.equals(r[1]))).toList();
        if (apps.isEmpty()) {
          throw new ZetaException("no app " + app + " in " + target, "see `zeta package describe " + target + "`", null);
        }
      }
      String stream = stderr ? "stderr" : "stdout";
      List<Source> sources = new ArrayList<>();
      for (AppStatus a : apps) {
        for (String taskId : tasksToShow(workDir, a, from)) {
          sources.add(new Source(a.id(), taskId, TaskOutput.sandbox(workDir, taskId).resolve(stream)));
        }
      }
      if (task != null) {
        sources.removeIf(s -> !s.taskId.startsWith(task));
        if (sources.isEmpty()) {
          throw new ZetaException("no task " + task + " of " + target + " has output here",
              "see its tasks with `zeta package describe " + target + "`", null);
        }
      }
      int n = lines != null ? lines : (from != null ? Integer.MAX_VALUE : 50);
      if (structured()) {
        var logs = io.zeta.json.Json.MAPPER.createArrayNode();
        for (Source s : sources) {
          var entry = logs.addObject().put("app", s.appId).put("task", s.taskId).put("stream", stream);
          var array = entry.putArray("lines");
          startLines(s, n, from, stream).forEach(array::add);
        }
        print(io.zeta.json.Json.object().put("role", r[0]).put("id", r[1]).set("logs", logs));
        return 0;
      }
      for (Source s : sources) {
        for (String line : startLines(s, n, from, stream)) {
          printLine(s.taskId, line);
        }
      }
      out().flush();
      if (follow) {
        follow(client, prefix, sources);
      }
      return 0;
    }
  }

  private static List<AppStatus> instanceApps(MarathonClient client, String prefix) {
    return client.apps(prefix).stream().filter(a -> a.id().equals(prefix) || a.id().startsWith(prefix + "/")).toList();
  }

  /** The app's running tasks; ended ones too when asked by --task or --since; else the newest ended one. */
  private List<String> tasksToShow(Path workDir, AppStatus a, Instant from) throws IOException {
    Map<String, Path> shown = new LinkedHashMap<>();
    for (TaskStatus t : a.tasks()) {
      Path sandbox = TaskOutput.sandbox(workDir, t.id());
      if (Files.isDirectory(sandbox, LinkOption.NOFOLLOW_LINKS)) {
        shown.put(t.id(), sandbox);
      }
    }
    List<Path> kept = TaskOutput.sandboxesOf(workDir, a.id());
    for (Path sandbox : kept) {
      String id = sandbox.getFileName().toString();
      Path file = sandbox.resolve(stderr ? "stderr" : "stdout");
      boolean wanted = (task != null && id.startsWith(task)) || (from != null
          && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          && !Files.getLastModifiedTime(file).toInstant().isBefore(from));
      if (wanted) {
        shown.putIfAbsent(id, sandbox);
      }
    }
    if (shown.isEmpty() && !kept.isEmpty()) {
      shown.put(kept.get(0).getFileName().toString(), kept.get(0));
    }
    // Oldest first, so the output reads in the order it was written.
    List<String> ids = new ArrayList<>(shown.keySet());
    ids.sort((x, y) -> Long.compare(shown.get(x).toFile().lastModified(), shown.get(y).toFile().lastModified()));
    return ids;
  }

  /** The last n lines of the task's output (since from, if given); with --follow, an unfinished last line is kept back. */
  private List<String> startLines(Source s, int n, Instant from, String stream) throws IOException {
    if (!Files.isRegularFile(s.file, LinkOption.NOFOLLOW_LINKS)) {
      s.position = 0;
      return List.of();
    }
    long size = Files.size(s.file);
    long start = from == null ? 0 : TaskOutput.offsetSince(s.file.getParent(), stream, from);
    start = Math.max(start, size - TAIL_BYTES);
    // One byte more, to know whether the start is at a line or inside one (then skip to the next line).
    byte[] bytes = read(s.file, Math.max(0, start - 1), size);
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (start > 0) {
      int nl = text.indexOf('\n');
      text = nl < 0 ? "" : text.substring(nl + 1);
    }
    boolean complete = text.endsWith("\n");
    List<String> all = new ArrayList<>(text.lines().toList());
    String tail = complete || all.isEmpty() ? null : all.remove(all.size() - 1);
    List<String> shown = new ArrayList<>(all.subList(Math.max(0, all.size() - n), all.size()));
    s.position = size;
    if (tail != null) {
      if (follow) {
        s.partial.write(tail.getBytes(StandardCharsets.UTF_8));
      } else {
        shown.add(tail);
      }
    }
    return shown;
  }

  private void follow(MarathonClient client, String prefix, List<Source> sources)
      throws IOException, InterruptedException {
    Set<String> followed = sources.stream().map(s -> s.taskId).collect(Collectors.toSet());
    while (true) {
      for (Source s : sources) {
        drain(s);
      }
      out().flush();
      Set<String> running = instanceApps(client, prefix).stream().flatMap(a -> a.tasks().stream())
          .filter(TaskStatus::isRunning).map(TaskStatus::id).collect(Collectors.toSet());
      if (followed.stream().noneMatch(running::contains)) {
        for (Source s : sources) {
          drain(s); // what they wrote last
          if (s.partial.size() > 0) {
            printLine(s.taskId, s.partial.toString(StandardCharsets.UTF_8));
            s.partial.reset();
          }
        }
        out().flush();
        return;
      }
      Thread.sleep(250);
    }
  }

  private void drain(Source s) throws IOException {
    if (!Files.isRegularFile(s.file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    long size = Files.size(s.file);
    if (size < s.position) {
      s.position = 0; // truncated
    }
    while (s.position < size) {
      long end = Math.min(size, s.position + (1 << 20));
      byte[] bytes = read(s.file, s.position, end);
      s.position = end;
      for (byte b : bytes) {
        if (b == '\n') {
          printLine(s.taskId, s.partial.toString(StandardCharsets.UTF_8));
          s.partial.reset();
        } else {
          s.partial.write(b);
        }
      }
    }
  }

  private static byte[] read(Path file, long from, long to) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      f.seek(from);
      byte[] bytes = new byte[(int) Math.max(0, to - from)];
      f.readFully(bytes);
      return bytes;
    }
  }

  /** Task output is untrusted: control characters are escaped, the label says whose line it is. */
  private void printLine(String taskId, String line) {
    out().println("[" + taskId + "] " + Output.safe(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line));
  }
}
