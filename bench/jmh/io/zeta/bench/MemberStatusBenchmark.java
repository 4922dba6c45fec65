package io.zeta.bench;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.DirectoryConfig;
import io.zeta.identity.BindPassword;
import io.zeta.identity.Directories;
import io.zeta.identity.Directory;
import io.zeta.identity.GroupCache;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.lifecycle.StatusQuery;
import io.zeta.testing.Slapd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code zeta package status} on a file: cluster of 1,000 instances in 10 roles whose directory
 * is a real slapd: with nothing enforced (the baseline), as the cluster's owner (an admin: no lookup, every instance), and as alice, a
 * member of one role (her 100 instances), with her groups cached or looked up for every status.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class MemberStatusBenchmark {
  @Param({"unenforced", "owner", "member", "member-uncached"})
  String who;

  Path dir;
  Slapd slapd;
  Cluster cluster;
  Directory directory;
  StatusQuery query;
  int expected;

  /** Populated once per JVM (1,000 real installs take minutes): run with -f 0 to share it across the three cases. */
  static Cluster populated;
  static Path populatedDir;

  static synchronized Cluster populated() throws IOException {
    if (populated == null) {
      populatedDir = Files.createTempDirectory("zeta-bench-member-status");
      populated = ManyInstances.populate(populatedDir.resolve("cluster").toUri(), 10, 100);
    }
    return populated;
  }

  @Setup(Level.Trial)
  public void populate() throws IOException {
    Cluster populated = populated();
    dir = Files.createTempDirectory("zeta-bench-member-status-ldap");
    slapd = Slapd.start(dir.resolve("slapd"));
    BindPassword.write(populated.storage(), Slapd.ROOT_PASSWORD);
    cluster = populated.withDirectory(new DirectoryConfig(slapd.url(), false, Slapd.BASE, Slapd.ROOT_DN, "openldap", null,
        null, null, null, null, null));
    directory = Directories.open(cluster.config(), cluster.storage()).orElseThrow();
    for (int r = 0; r < 10; r++) {
      directory.ensureRole("role" + r, 2_000_000L + r * 1_000_000L);
    }
    directory.addUser(new Directory.NewUser("alice", 5_000_001, 5_500_000, "Alice", "Test"));
    directory.addRoleMember("role3", "alice");
    switch (who) {
      case "unenforced" -> {
        // The same tree through the Cluster opened before the directory was set: nothing is checked.
        query = new StatusQuery(populated, AppRuntime.unavailable("no scheduler in this benchmark"));
        expected = 1000;
      }
      case "owner" -> {
        cluster.grant(io.zeta.identity.ClusterAccess.of(cluster, io.zeta.identity.Principal.os(), "60"));
        expected = 1000;
      }
      default -> {
        Duration expiry = who.equals("member") ? Duration.ofSeconds(60) : Duration.ZERO;
        cluster.grant(AuthorizationBenchmark.alice(cluster.config(),
            new GroupCache(AuthorizationBenchmark.groups(directory), expiry)));
        expected = 100;
      }
    }
    if (query == null) {
      query = new StatusQuery(cluster, AppRuntime.unavailable("no scheduler in this benchmark"));
    }
    int n = query.report().instances().size();
    if (n != expected) {
      throw new IllegalStateException(who + " sees " + n + " instances, expected " + expected);
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    directory.close();
    slapd.close();
  }

  @Benchmark
  public int status() {
    return query.report().instances().size();
  }
}
