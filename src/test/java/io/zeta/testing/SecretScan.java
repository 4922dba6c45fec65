package io.zeta.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Proves a secret is printed nowhere: every CLI output checked with {@link #absentFrom} (as
 * typed and JSON-escaped; decode base64 labels before checking them), and every file of a tree that holds it listed with its
 * mode by {@link #filesHolding}, so a test can say exactly where it may be and how protected.
 */
public final class SecretScan {
  private final List<String> secrets;
  private int checked;

  public SecretScan(String... secrets) {
    this.secrets = List.of(secrets);
  }

  /** How many outputs were checked (a test can assert it checked what it meant to). */
  public int checked() {
    return checked;
  }

  /** Asserts no secret is in the command's stdout or stderr; returns the result for more checks. */
  public Cli.Result absentFrom(String what, Cli.Result result) {
    absentFrom(what + " (stdout)", result.out());
    absentFrom(what + " (stderr)", result.err());
    return result;
  }

  public void absentFrom(String what, String text) {
    checked++;
    for (String s : secrets) {
      for (String form : forms(s)) {
        assertThat(text).as(what + " must not show the secret").doesNotContain(form);
      }
    }
  }

  /** As typed, and as JSON writes it (a secret with a quote or backslash in it is escaped in --json output). */
  private static List<String> forms(String secret) {
    String json = io.zeta.json.Json.compact(secret);
    return List.of(secret, json.substring(1, json.length() - 1));
  }

  /** Every file under {@code root} (a cluster root or any directory) whose bytes contain a secret, with its mode. */
  public Map<String, Integer> filesHolding(FileSystem fs, Path root) {
    Map<String, Integer> out = new TreeMap<>();
    try {
      walk(fs, root, root.toUri().getPath().replaceAll("/+$", ""), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private void walk(FileSystem fs, Path dir, String base, Map<String, Integer> out) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.isDirectory()) {
        walk(fs, s.getPath(), base, out);
      } else if (s.isFile()) {
        String text;
        try (InputStream in = fs.open(s.getPath())) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (secrets.stream().anyMatch(text::contains)) {
          out.put(s.getPath().toUri().getPath().substring(base.length()), s.getPermission().toShort() & 07777);
        }
      }
    }
  }

  /** The names of the files of a listing that others (not owner, not group) may read. */
  public static List<String> worldReadable(Map<String, Integer> files) {
    List<String> out = new ArrayList<>();
    files.forEach((path, mode) -> {
      if ((mode & 04) != 0) {
        out.add(path + " " + Integer.toOctalString(mode));
      }
    });
    return out;
  }
}
