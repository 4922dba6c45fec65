package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.testing.Cli;
import io.zeta.testing.Trees;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invalid numbers and durations, unreachable repositories, unknown filesystem schemes and unknown
 * hosts each end in one line that names the cause (and a hint line), a non-zero exit, no stack
 * trace, and an unchanged cluster.
 */
class CliErrorsTest {
  @TempDir
  Path tmp;
  URI root;
  Cli cli;

  @BeforeEach
  void cluster() {
    root = tmp.resolve("cluster").toUri();
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    cli.ok("cluster", "init", "--root", root.toString(), "--name", "errors");
  }

  /** Runs a command that must fail with one "zeta:" line naming the cause, and change nothing. */
  Cli.Result refused(int exit, String cause, String... args) {
    Map<String, String> before = Trees.withoutAudit(root);
    Cli.Result r = cli.run(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(exit);
    assertThat(r.err().lines().filter(l -> l.startsWith("zeta: "))).as(r.err()).hasSize(1);
    assertThat(r.err()).contains(cause).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(": null")
        .doesNotContain("internal error");
    assertThat(r.err().lines().count()).as(r.err()).isLessThanOrEqualTo(2);
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
    return r;
  }

  @Test
  void invalidNumbersAndDurations() {
    refused(2, "zeta: --limit must be 1 or more, got -1", "cluster", "audit", "--limit", "-1");
    refused(2, "zeta: --limit must be 1 or more, got 0", "cluster", "audit", "--limit", "0");
    refused(2, "'many' is not an int", "cluster", "audit", "--limit", "many");
    refused(2, "zeta: --lines must be 0 or more, got -3", "package", "logs", "team1/w", "--lines", "-3");
    refused(2, "zeta: --timeout must be 1 second or more, got -5", "package", "start", "team1/w", "--timeout", "-5");
    refused(2, "'soon' is not a duration; use e.g. 0, 30s, 2m or 1h", "package", "stop", "team1/w", "--wait", "soon");
    refused(2, "'-1s' is not a duration", "role", "add", "team9", "--wait", "-1s");
    refused(2, "'1d' is not a duration", "cluster", "doctor", "--stale-after", "1d");
  }

  @Test
  void anUnreachableRepositoryNamesTheRefusedConnection() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed + "/index.json";
    refused(1, "zeta: repository " + url + " could not be fetched: connection refused by 127.0.0.1:" + closed,
        "package", "repo", "add", "down", url);
    refused(1, "could not be fetched: connection refused", "package", "search", "x", "--repo", url);
  }

  @Test
  void anUnknownHostIsNamed() {
    refused(1, "zeta: repository http://nohost.invalid/index.json could not be fetched: unknown host nohost.invalid",
        "package", "repo", "add", "nowhere", "http://nohost.invalid/index.json");
    refused(1, "zeta: cannot reach the cluster filesystem at hdfs://nohost.invalid:8020/zeta: unknown host nohost.invalid",
        "cluster", "info", "--cluster", "hdfs://nohost.invalid:8020/zeta");
  }

  @Test
  void anUnknownFilesystemSchemeIsNamed() {
    refused(1, "zeta: cannot use s3a://bucket/zeta: this Zeta has no filesystem for scheme 's3a'",
        "cluster", "info", "--cluster", "s3a://bucket/zeta");
    refused(1, "no filesystem for scheme 's3a'", "cluster", "init", "--root", "s3a://bucket/zeta");
    refused(1, "no filesystem for scheme 'nosuchfs'", "cluster", "info", "--cluster", "nosuchfs://x/zeta");
  }
}
