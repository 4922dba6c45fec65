package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small file per running task with its process id and start time, so that an agent that
 * starts after a crash can find the processes its predecessor left behind and stop them. The
 * start time tells a left-over process from an unrelated one that got the same pid later.
 */
final class TaskRecords {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRecords.class);
  /** /proc gives start times in clock ticks; two reads of the same process agree far better than this. */
  private static final long SAME_START_MILLIS = 1000;
  private final Path dir;

  TaskRecords(Path dir) {
    this.dir = dir;
  }

  void write(String taskId, ProcessHandle process) {
    ObjectNode record = Json.object();
    record.put("taskId", taskId);
    record.put("pid", process.pid());
    process.info().startInstant().ifPresent(s -> record.put("processStartedAt", s.toEpochMilli()));
    try {
      AtomicFiles.write(dir.resolve(taskId + ".json"), Json.prettyBytes(record));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete(String taskId) {
    try {
      Files.deleteIfExists(dir.resolve(taskId + ".json"));
    } catch (IOException e) {
      LOG.warn("cannot delete the record of task {}: {}", taskId, e.toString());
    }
  }

  /** Stops every recorded process that still runs (with its children); returns their task ids. */
  List<String> stopLeftovers(Duration grace) throws IOException {
    List<String> stopped = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return stopped;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
    }
    for (Path file : files) {
      Optional<ProcessHandle> left = leftover(file);
      if (left.isPresent()) {
        String taskId = file.getFileName().toString().replaceFirst("\\.json$", "");
        LOG.warn("stopping task {} (pid {}) left over from the previous run", taskId, left.get().pid());
        ProcessTree.terminate(left.get(), grace);
        stopped.add(taskId);
      }
      Files.deleteIfExists(file);
    }
    return stopped;
  }

  private static Optional<ProcessHandle> leftover(Path file) {
    try {
      JsonNode record = Json.parse(Files.readAllBytes(file), file.toString());
      Optional<ProcessHandle> handle = ProcessHandle.of(record.path("pid").asLong(-1));
      if (handle.isEmpty() || !record.hasNonNull("processStartedAt")) {
        return Optional.empty();
      }
      Optional<Instant> started = handle.get().info().startInstant();
      long recorded = record.get("processStartedAt").asLong();
      return started.isPresent() && Math.abs(started.get().toEpochMilli() - recorded) <= SAME_START_MILLIS
          ? handle : Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring unreadable task record {}: {}", file, e.toString());
      return Optional.empty();
    }
  }
}
