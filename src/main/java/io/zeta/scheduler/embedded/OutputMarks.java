package io.zeta.scheduler.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Time marks of task output, so that {@code zeta package logs --since} can tell which part of a
 * task's stdout and stderr was written when: a task writes those files itself (they outlive the
 * agent), so their lines carry no time. About once a second, for each live task whose output
 * grew, the agent appends {@code <epoch millis> <stdout size> <stderr size>} to
 * {@value #FILE} in its sandbox; bytes past a mark's size were written after its time.
 */
final class OutputMarks {
  static final String FILE = ".zeta-output-marks";
  private final Map<Path, String> last = new HashMap<>();

  /** Called from the agent's loop (one thread); does its file work outside the supervisor's lock. */
  void sample(Set<Path> live, long nowMillis) {
    last.keySet().retainAll(live);
    for (Path sandbox : live) {
      long out = size(sandbox.resolve("stdout"));
      long err = size(sandbox.resolve("stderr"));
      if (out < 0 && err < 0) {
        continue; // not launched yet
      }
      String sizes = Math.max(0, out) + " " + Math.max(0, err);
      if (sizes.equals(last.get(sandbox))) {
        continue;
      }
      try {
        Files.writeString(sandbox.resolve(FILE), nowMillis + " " + sizes + "\n", StandardCharsets.US_ASCII,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        last.put(sandbox, sizes);
      } catch (IOException | UnsupportedOperationException e) {
        last.put(sandbox, sizes); // a sandbox going away; no mark, no retry storm
      }
    }
  }

  private static long size(Path file) {
    try {
      return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
