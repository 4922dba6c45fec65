package io.zeta.scheduler.embedded;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the sandboxes of ended tasks once they are older than the gc delay, as the Mesos agent
 * does: a sandbox's age counts from its task's end (the agent touches it then), and the delay
 * shrinks as the disk fills, to {@code gcDelay * max(0, 1 - headroom - diskUsage)} (Mesos's
 * {@code --gc_delay} and {@code --gc_disk_headroom}), so a full disk frees sandboxes at once.
 */
final class SandboxCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxCollector.class);
  private final Path sandboxes;
  private final SandboxPolicy policy;
  /** The sandboxes in use; null while that is not known. */
  private final Supplier<Set<Path>> live;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Threads.daemon("zeta-sandbox-gc"));

  SandboxCollector(Path sandboxes, SandboxPolicy policy, Supplier<Set<Path>> live) {
    this.sandboxes = sandboxes;
    this.policy = policy;
    this.live = live;
  }

  void start() {
    long every = Math.max(200, Math.min(60_000, policy.gcDelay().toMillis() / 4));
    timer.scheduleWithFixedDelay(this::collectSafely, every, every, TimeUnit.MILLISECONDS);
  }

  /** Marks the end of a task: its sandbox's age counts from now. */
  static void ended(Path sandbox) {
    try {
      if (Files.isDirectory(sandbox)) {
        Files.setLastModifiedTime(sandbox, FileTime.from(Instant.now()));
      }
    } catch (IOException e) {
      // It is collected a little earlier, by its own time.
    }
  }

  private void collectSafely() {
    try {
      collect();
    } catch (RuntimeException | IOException e) {
      LOG.warn("sandbox collection failed: {}", e.toString());
    }
  }

  /** One pass; returns how many sandboxes were removed. */
  int collect() throws IOException {
    if (!Files.isDirectory(sandboxes)) {
      return 0;
    }
    Duration keep = effectiveDelay();
    Set<Path> running = live.get();
    if (running == null) {
      return 0;
    }
    Instant now = Instant.now();
    List<Path> dirs;
    try (Stream<Path> s = Files.list(sandboxes)) {
      dirs = s.toList();
    }
    int removed = 0;
    for (Path dir : dirs) {
      if (running.contains(dir.toAbsolutePath().normalize())) {
        continue;
      }
      Instant at = Files.getLastModifiedTime(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant();
      if (!at.plus(keep).isAfter(now)) {
        LOG.info("removing the sandbox {} (ended {} ago; kept {})", dir.getFileName(), Duration.between(at, now),
            keep);
        AppSupervisor.deleteTree(dir);
        removed++;
      }
    }
    return removed;
  }

  private Duration effectiveDelay() throws IOException {
    FileStore store = Files.getFileStore(sandboxes);
    double total = store.getTotalSpace();
    double usage = total <= 0 ? 0 : 1 - store.getUsableSpace() / total;
    double factor = Math.max(0, 1 - policy.diskHeadroom() - usage);
    return Duration.ofMillis((long) (policy.gcDelay().toMillis() * factor));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
