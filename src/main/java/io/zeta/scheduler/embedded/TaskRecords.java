package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small file per running task: its process (pid and kernel start time) and what the agent
 * needs to take the task over again (app, versions, ports, sandbox, times). An agent that starts
 * after a crash re-adopts the processes its predecessor left running; the start time tells a
 * left-over process from an unrelated one that got the same pid later.
 */
final class TaskRecords {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRecords.class);
  /** Records of older agents carry a wall-clock start time only; two reads agree far better than this. */
  private static final long SAME_START_MILLIS = 1000;
  private final Path dir;

  /** A recorded task; {@code process} is present when that very process still runs. */
  record Entry(Path file, String taskId, AppId appId, String version, String configVersion, List<Integer> ports,
      Path sandbox, Instant stagedAt, Instant startedAt, Optional<ProcessHandle> process, boolean container) {}

  TaskRecords(Path dir) {
    this.dir = dir;
  }

  void write(LocalTask task, ProcessHandle process, Instant startedAt) {
    ObjectNode record = Json.object();
    record.put("taskId", task.id);
    record.put("pid", process.pid());
    OptionalLong ticks = ProcStat.startTicks(process.pid());
    if (ticks.isPresent()) {
      record.put("startTicks", ticks.getAsLong());
    }
    process.info().startInstant().ifPresent(s -> record.put("processStartedAt", s.toEpochMilli()));
    record.put("appId", task.appId.toString());
    record.put("version", task.version);
    record.put("configVersion", task.configVersion);
    ArrayNode ports = record.putArray("ports");
    task.ports.forEach(ports::add);
    record.put("sandbox", task.sandbox.toString());
    record.put("stagedAt", task.stagedAt.toEpochMilli());
    record.put("startedAt", startedAt.toEpochMilli());
    if (task.spec.container() != null) {
      // The process is the container's conmon; the container is named after the task.
      record.put("container", ContainerRuntime.containerName(task.id));
    }
    try {
      Files.createDirectories(dir);
      AtomicFiles.write(file(task.id), Json.prettyBytes(record));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete(String taskId) {
    try {
      Files.deleteIfExists(file(taskId));
    } catch (IOException e) {
      LOG.warn("cannot delete the record of task {}: {}", taskId, e.toString());
    }
  }

  private Path file(String taskId) {
    return dir.resolve(taskId + ".json");
  }

  /** Every readable record; unreadable ones are deleted (their process, if any, cannot be identified). */
  List<Entry> load() throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      try {
        JsonNode r = Json.parse(Files.readAllBytes(file), file.toString());
        String taskId = file.getFileName().toString().replaceFirst("\\.json$", "");
        List<Integer> ports = new ArrayList<>();
        r.path("ports").forEach(p -> ports.add(p.asInt()));
        out.add(new Entry(file, taskId,
            r.hasNonNull("appId") ? AppId.parse(r.get("appId").asText()).canonical() : null,
            r.path("version").asText(null), r.path("configVersion").asText(null), List.copyOf(ports),
            r.hasNonNull("sandbox") ? Path.of(r.get("sandbox").asText()) : null,
            Instant.ofEpochMilli(r.path("stagedAt").asLong(0)), Instant.ofEpochMilli(r.path("startedAt").asLong(0)),
            sameProcess(r), r.hasNonNull("container")));
      } catch (IOException | RuntimeException e) {
        LOG.warn("ignoring unreadable task record {}: {}", file, e.toString());
        Files.deleteIfExists(file);
      }
    }
    return out;
  }

  /** Stops every recorded process that still runs (with its children); returns their task ids. */
  List<String> stopLeftovers(Duration grace, java.util.function.Consumer<List<String>> removeContainers)
      throws IOException {
    List<String> stopped = new ArrayList<>();
    List<ProcessHandle> processes = new ArrayList<>();
    List<String> containers = new ArrayList<>();
    List<Entry> entries = load();
    for (Entry e : entries) {
      if (e.container()) {
        // Whether or not its conmon still runs, the container may: podman removes it.
        containers.add(e.taskId());
        if (e.process().isPresent()) {
          stopped.add(e.taskId());
        }
      } else if (e.process().isPresent()) {
        LOG.warn("stopping task {} (pid {}) left over from the previous run", e.taskId(), e.process().get().pid());
        processes.add(e.process().get());
        stopped.add(e.taskId());
      }
    }
    ProcessTree.terminateAll(processes, grace);
    removeContainers.accept(containers);
    for (Entry e : entries) {
      Files.deleteIfExists(e.file());
    }
    return stopped;
  }

  /** The recorded process, when it still runs and is the one recorded (not a later one with its pid). */
  private static Optional<ProcessHandle> sameProcess(JsonNode record) {
    long pid = record.path("pid").asLong(-1);
    Optional<ProcessHandle> handle = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    if (handle.isEmpty()) {
      return Optional.empty();
    }
    if (record.hasNonNull("startTicks")) {
      OptionalLong now = ProcStat.startTicks(pid);
      return now.isPresent() && now.getAsLong() == record.get("startTicks").asLong() ? handle : Optional.empty();
    }
    if (!record.hasNonNull("processStartedAt")) {
      return Optional.empty();
    }
    Optional<Instant> started = handle.get().info().startInstant();
    long recorded = record.get("processStartedAt").asLong();
    return started.isPresent() && Math.abs(started.get().toEpochMilli() - recorded) <= SAME_START_MILLIS
        ? handle : Optional.empty();
  }
}
