package io.zeta.scheduler.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** The last non-blank line a task wrote to stderr: why it ended, for its failure message. */
final class StderrTail {
  /** Read at most this much from the end: a task's output is untrusted and may be huge. */
  static final int TAIL_BYTES = 4096;
  static final int MAX_LINE = 300;

  private StderrTail() {}

  static Optional<String> lastLine(Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      int n = (int) Math.min(TAIL_BYTES, length);
      byte[] bytes = new byte[n];
      f.seek(length - n);
      f.readFully(bytes);
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R");
      for (int i = lines.length - 1; i >= 0; i--) {
        // Control characters out: the message goes into JSON and onto terminals.
        String line = lines[i].replaceAll("\\p{Cntrl}", " ").strip();
        if (!line.isEmpty()) {
          return Optional.of(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
