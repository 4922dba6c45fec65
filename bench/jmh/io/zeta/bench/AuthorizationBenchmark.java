package io.zeta.bench;

import io.zeta.cluster.Access.Action;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterConfig;
import io.zeta.cluster.ClusterInitializer;
import io.zeta.cluster.DirectoryConfig;
import io.zeta.cluster.storage.HadoopStorage;
import io.zeta.identity.Authorizer;
import io.zeta.identity.BindPassword;
import io.zeta.identity.Directories;
import io.zeta.identity.Directory;
import io.zeta.identity.GroupCache;
import io.zeta.identity.Principal;
import io.zeta.testing.Slapd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What authorization adds to a command, against a real slapd on 127.0.0.1: a CLI command's
 * first check (connect, bind, one group search), a check whose answer is not cached (one
 * search), and a cached one (identity.cacheSeconds, default 60 s).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AuthorizationBenchmark {
  Path dir;
  Slapd slapd;
  Cluster cluster;
  Directory directory;
  Authorizer uncached;
  Authorizer cached;

  /** A file: cluster whose directory is the slapd, with role prod and its member alice. */
  static Cluster clusterWithDirectory(Path dir, Slapd slapd) throws IOException {
    URI root = dir.resolve("cluster").toUri();
    try (HadoopStorage storage = HadoopStorage.open(root)) {
      ClusterInitializer.init(storage, "bench", "local", System.getProperty("user.name"), List.of(), null);
      BindPassword.write(storage, Slapd.ROOT_PASSWORD);
    }
    Cluster cluster = Cluster.open(root);
    return cluster.withDirectory(new DirectoryConfig(slapd.url(), false, Slapd.BASE, Slapd.ROOT_DN, "openldap", null, null,
        null, null, null, null));
  }

  static Function<String, Set<String>> groups(Directory d) {
    return u -> {
      try {
        return d.groupsOf(u);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  static Authorizer alice(ClusterConfig config, GroupCache cache) {
    DirectoryConfig dc = config.directoryConfig().orElseThrow();
    return Authorizer.enforced(Principal.of("alice", "os"), new Authorizer.Policy(Optional.of(dc.adminGroup()),
        Optional.empty(), config.adminUser()), cache,
        role -> Directory.ROLE_BASES.stream().map(b -> Directory.roleGroup(role, b)).toList());
  }

  @Setup(Level.Trial)
  public void start() throws IOException {
    dir = Files.createTempDirectory("zeta-bench-authz");
    slapd = Slapd.start(dir.resolve("slapd"));
    cluster = clusterWithDirectory(dir, slapd);
    directory = Directories.open(cluster.config(), cluster.storage()).orElseThrow();
    directory.ensureRole("prod", 2_000_000);
    directory.addUser(new Directory.NewUser("alice", 2_000_001, 2_500_000, "Alice", "Test"));
    directory.addRoleMember("prod", "alice");
    uncached = alice(cluster.config(), new GroupCache(groups(directory), Duration.ZERO));
    cached = alice(cluster.config(), new GroupCache(groups(directory), Duration.ofSeconds(60)));
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    directory.close();
    cluster.close();
    slapd.close();
  }

  /** A CLI command's one check: the directory connected and bound (pool of one), one search; what every command pays once. */
  @Benchmark
  public boolean commandCold() throws IOException {
    try (Directory d = Directories.open(cluster.config(), cluster.storage()).orElseThrow()) {
      Authorizer a = alice(cluster.config(), new GroupCache(groups(d), Duration.ofSeconds(60)));
      a.require(Action.START, "prod");
      return a.may(Action.STATUS, "prod");
    }
  }

  /** A check on a connected directory, not cached: one LDAP search. */
  @Benchmark
  public boolean checkUncached() {
    uncached.require(Action.START, "prod");
    return true;
  }

  /** A check whose groups are cached. */
  @Benchmark
  public boolean checkCached() {
    cached.require(Action.START, "prod");
    return true;
  }
}
