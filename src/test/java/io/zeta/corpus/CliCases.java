package io.zeta.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * Command-line input of areas that came after the first corpus: {@code cluster audit --limit},
 * {@code --wait} durations, repositories and clusters that cannot be reached (a closed port, an
 * unknown scheme, an unknown host), {@code --set-file} and {@code --options -} on stdin.
 */
final class CliCases {
  static final String CATEGORY = "cli";

  private CliCases() {}

  static void add(Corpus c) {
    for (String limit : new String[] {"-1", "0", "abc"}) {
      c.add(CATEGORY, "cluster audit --limit " + limit, false, "--limit", null, "cluster", "audit", "--limit", limit);
    }
    for (String wait : new String[] {"-1s", "abc", "5x"}) {
      c.add(CATEGORY, "--wait " + wait, false, "--wait", null,
          "package", "install", Corpus.GOOD, "--role", Corpus.ROLE, "--id", "w1", "--wait", wait);
    }
    String closed = "http://127.0.0.1:" + closedPort() + "/repo.json";
    c.add(CATEGORY, "a repository on a closed port", true, closed, null, "package", "stage", Corpus.GOOD, "--repo", closed);
    String noHost = "http://nohost.invalid/repo.json";
    c.add(CATEGORY, "a repository on an unknown host", true, "nohost.invalid", null,
        "package", "stage", Corpus.GOOD, "--repo", noHost);
    for (String cluster : new String[] {"s3a://bucket/x", "foo://x"}) {
      c.add(CATEGORY, "--cluster " + cluster + " (unknown scheme)", false, "no filesystem for scheme", null,
          "cluster", "info", "--cluster", cluster);
    }
    c.add(CATEGORY, "--cluster on an unknown host", false, "nohost.invalid", null,
        "cluster", "info", "--cluster", "hdfs://nohost.invalid:8020/zeta");

    Path missing = c.file("set-file/exists", "").resolveSibling("missing.txt");
    c.install(CATEGORY, "--set-file a missing file", Corpus.GOOD, missing.toString(), null,
        "--set-file", "name=" + missing);
    c.install(CATEGORY, "--set-file a directory", Corpus.GOOD, missing.getParent().toString(), null,
        "--set-file", "name=" + missing.getParent());
    Path big = c.file("set-file/big.txt", "x".repeat(OPTIONS_LIMIT + 1));
    c.install(CATEGORY, "--set-file over the options limit", Corpus.GOOD, "at most", null, "--set-file", "name=" + big);

    c.installWithStdin(CATEGORY, "--options - with invalid JSON on stdin", "{\"port\": ", "invalid JSON",
        "--options", "-");
    c.installWithStdin(CATEGORY, "--options - with a non-object on stdin", "[8080]", "expected a JSON object",
        "--options", "-");
  }

  /** The options limit (4 MiB, as {@code Json.Limits.MAX_PACKAGE_FILE_BYTES}). */
  static final int OPTIONS_LIMIT = io.zeta.json.Json.Limits.MAX_PACKAGE_FILE_BYTES;

  /** A port nothing listens on: bound, noted, closed. */
  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
