package io.zeta.scheduler.embedded;

import io.zeta.scheduler.AppId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where an agent's tasks wrote their output, for {@code zeta package logs} run by the agent's
 * owner on its host: {@code sandboxes/<task id>/stdout|stderr} in the work directory, with the
 * time marks of {@link OutputMarks}. The agent keeps the sandboxes of a few ended tasks per app.
 */
public final class TaskOutput {
  private TaskOutput() {}

  public static Path sandbox(Path workDir, String taskId) {
    return workDir.resolve("sandboxes").resolve(taskId);
  }

  /** The sandboxes of an app's tasks (running and kept ended ones), newest first. */
  public static List<Path> sandboxesOf(Path workDir, String appId) throws IOException {
    Path dir = workDir.resolve("sandboxes");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    String prefix = AppId.parse(appId).safePath() + ".";
    try (Stream<Path> all = Files.list(dir)) {
      List<Path> out = new ArrayList<>(all.filter(p -> p.getFileName().toString().startsWith(prefix)
          && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList());
      out.sort(Comparator.comparingLong((Path p) -> p.toFile().lastModified()).reversed());
      return out;
    }
  }

  /**
   * Where in a task's {@code stream} ({@code stdout} or {@code stderr}) the bytes written at or
   * after {@code since} start, to the marks' precision (up to a second early): the size at the
   * last mark not after it; 0 when the task started later or has no marks. A file last changed
   * before {@code since} gives its size (nothing new).
   */
  public static long offsetSince(Path sandbox, String stream, Instant since) throws IOException {
    Path file = sandbox.resolve(stream);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(since)) {
      return Files.size(file);
    }
    Path marks = sandbox.resolve(OutputMarks.FILE);
    if (!Files.isRegularFile(marks, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    int column = stream.equals("stderr") ? 2 : 1;
    long offset = 0;
    long limit = since.toEpochMilli();
    for (String line : Files.readAllLines(marks, StandardCharsets.US_ASCII)) {
      String[] f = line.strip().split(" ");
      try {
        if (f.length != 3 || Long.parseLong(f[0]) > limit) {
          if (f.length == 3) {
            break; // marks are in time order
          }
          continue;
        }
        offset = Long.parseLong(f[column]);
      } catch (NumberFormatException e) {
        // A damaged line (the task can write its sandbox): skipped.
      }
    }
    return Math.max(0, Math.min(offset, Files.size(file)));
  }
}
