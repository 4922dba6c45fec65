package io.zeta.scheduler.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A container task's memory limit on cgroup v1, in a cgroup of the task's own that podman puts
 * the container under ({@code --cgroup-parent}). Podman 4.3 with conmon does not report OOM kills
 * on this kernel's hybrid v1 layout ({@code OOMKilled} stays false), and the container's own
 * cgroup is gone by the time its end is read; the task's parent cgroup stays until the agent
 * removes it, and its {@code memory.failcnt} says whether the limit was hit. Elsewhere (cgroup
 * v2, or no write access) podman's {@code --memory} is used and its own OOM report trusted.
 */
final class Cgroups {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");
  private static final Path MEMORY = ROOT.resolve("memory");
  private final String parent;
  private final boolean enabled;

  private Cgroups(String parent, boolean enabled) {
    this.parent = parent;
    this.enabled = enabled;
  }

  static Cgroups detect(String parent) {
    boolean v1 = Files.isRegularFile(MEMORY.resolve("memory.limit_in_bytes")) && Files.isWritable(MEMORY);
    return new Cgroups(parent, v1);
  }

  boolean enabled() {
    return enabled;
  }

  /** Creates the task's memory cgroup with its limit; the {@code --cgroup-parent} to give podman, if any. */
  Optional<String> prepare(String taskId, double memMb) throws IOException {
    if (!enabled || memMb <= 0) {
      return Optional.empty();
    }
    Path dir = MEMORY.resolve(parent).resolve(taskId);
    Files.createDirectories(dir);
    String bytes = String.valueOf((long) Math.ceil(memMb) * 1024 * 1024);
    Files.writeString(dir.resolve("memory.limit_in_bytes"), bytes, StandardCharsets.US_ASCII);
    return Optional.of("/" + parent + "/" + taskId);
  }

  /**
   * Whether the task's cgroup reached its limit: a failed charge ({@code memory.failcnt}), or a peak
   * usage at the limit (the kernel does not always count the charge that ends in the OOM kill).
   */
  boolean hitLimit(String taskId) {
    OptionalLong limit = read(taskId, "memory.limit_in_bytes");
    OptionalLong peak = read(taskId, "memory.max_usage_in_bytes");
    return read(taskId, "memory.failcnt").orElse(0) > 0
        || (limit.isPresent() && peak.isPresent() && peak.getAsLong() >= limit.getAsLong());
  }

  OptionalLong maxUsageMb(String taskId) {
    OptionalLong bytes = read(taskId, "memory.max_usage_in_bytes");
    return bytes.isPresent() ? OptionalLong.of((bytes.getAsLong() + (1 << 20) - 1) >> 20) : OptionalLong.empty();
  }

  private OptionalLong read(String taskId, String file) {
    if (!enabled) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(MEMORY.resolve(parent).resolve(taskId).resolve(file),
          StandardCharsets.US_ASCII).strip()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Removes the task's cgroup in every hierarchy podman created it in (empty directories only). */
  void remove(String taskId) {
    if (!enabled) {
      return;
    }
    try (Stream<Path> controllers = Files.list(ROOT)) {
      for (Path c : controllers.toList()) {
        Path dir = c.resolve(parent).resolve(taskId);
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        // Deepest first: libpod-<id> and conmon below the task's cgroup. Only directories: cgroupfs files
        // cannot be deleted, and rmdir of a cgroup removes them.
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(dir)) {
          dirs = walk.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
              .sorted(Comparator.reverseOrder()).toList();
        }
        for (Path d : dirs) {
          try {
            Files.delete(d);
          } catch (IOException e) {
            // Still in use (a process left in it); the next removal tries again.
          }
        }
      }
    } catch (IOException e) {
      // Nothing to remove.
    }
  }
}
