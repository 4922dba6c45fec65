package io.zeta.scheduler.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's start time as the kernel keeps it: field 22 of {@code /proc/<pid>/stat}, in clock
 * ticks since boot. Unlike a wall-clock start time it is exact, so a pid the kernel has handed to a
 * new process since is told from the process that was recorded.
 */
final class ProcStat {
  private ProcStat() {}

  static OptionalLong startTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
      int end = stat.lastIndexOf(')');
      if (end < 0) {
        return OptionalLong.empty();
      }
      String[] fields = stat.substring(end + 2).trim().split("\\s+");
      // fields[0] is field 3 (state), so field 22 is fields[19].
      return fields.length > 19 ? OptionalLong.of(Long.parseLong(fields[19])) : OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
