package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.Catalog;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRef;
import io.zeta.catalog.Repositories;
import io.zeta.catalog.RepositoryRef;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.storage.HadoopStorage;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.CrashingStorage;
import io.zeta.testing.Trees;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage and an install are interrupted after every single filesystem write in turn. Each time
 * the cluster must be as it was, or in a state that `zeta cluster doctor` reports and repairs,
 * after which it is as it was or as if the command had finished.
 *
 * <p>Then the same commands, and uninstall and start, run as real CLI processes that are stopped
 * before each write in turn ({@code -Dzeta.test.pauseAtWrite=N}) and sent SIGTERM or SIGINT
 * (alternately, write by write): the process exits 130 or 143, leaves no lock and no temporary
 * directory, writes an {@code interrupted} audit line and says in one line what state the cluster
 * is in, which is the old tree or one that doctor finds healthy.
 */
class CrashRecoveryTest {
  static final Path REPO = Path.of("src/test/resources/testrepo").toAbsolutePath();
  static final Path MIRROR = REPO.resolve("W/webapp/0/files");

  @TempDir
  Path tmp;
  int clusters;

  /** A fresh cluster with role team1; returns its root. */
  URI freshCluster(boolean staged, boolean removedInstance) {
    URI root = tmp.resolve("c" + ++clusters).toUri();
    Cli cli = cli(root);
    ok(cli, "cluster", "init", "--root", root.toString(), "--name", "crash");
    ok(cli, "role", "add", "team1");
    if (staged) {
      ok(cli, "package", "stage", "webapp", "--repo", REPO.toString(), "--mirror", MIRROR.toString());
    }
    if (removedInstance) {
      ok(cli, "package", "install", "webapp", "--role", "team1", "--id", "w", "--set", "owner=a");
      ok(cli, "package", "uninstall", "team1/w");
    }
    return root;
  }

  Cli cli(URI root) {
    return new Cli(tmp.resolve("home")).env("ZETA_CLUSTER", root.toString());
  }

  static Cli.Result ok(Cli cli, String... args) {
    Cli.Result r = cli.run(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  interface Operation {
    void run(Cluster cluster) throws Exception;
  }

  /** Runs the operation crashing after 0, 1, 2... writes until one run completes; checks each crash. */
  List<String> crashAtEveryWrite(boolean staged, boolean removedInstance, Operation op, String finished) throws Exception {
    return crashAtEveryWrite(() -> freshCluster(staged, removedInstance), op, finished);
  }

  List<String> crashAtEveryWrite(Setup setup, Operation op, String finished) throws Exception {
    List<String> outcomes = new ArrayList<>();
    for (int allowed = 0; allowed < 200; allowed++) {
      URI root = setup.cluster();
      Map<String, String> before = Trees.withoutAudit(root);
      CrashingStorage storage = new CrashingStorage(HadoopStorage.open(root), allowed);
      try (Cluster cluster = Cluster.open(storage)) {
        op.run(cluster);
      } catch (Exception expected) {
        assertThat(storage.crashed()).as("failure without a crash at write " + allowed + ": " + expected).isTrue();
      }
      if (!storage.crashed()) {
        outcomes.add("completed after " + storage.writes() + " writes");
        return outcomes;
      }
      Map<String, String> after = Trees.withoutAudit(root);
      if (Trees.diff(before, after).isEmpty()) {
        outcomes.add(allowed + ": unchanged");
        continue;
      }
      Cli cli = cli(root);
      Cli.Result check = cli.run("cluster", "doctor", "--stale-after", "PT0S");
      assertThat(check.exit()).as("doctor must report the crash at write " + allowed + ": " + Trees.diff(before, after)
          + "\n" + check).isEqualTo(1);
      ok(cli, "cluster", "doctor", "--repair", "--stale-after", "PT0S");
      ok(cli, "cluster", "doctor");
      Map<String, String> repaired = Trees.withoutAudit(root);
      if (Trees.diff(before, repaired).isEmpty()) {
        outcomes.add(allowed + ": repaired to before");
      } else {
        String state = Json.parse(ok(cli, "package", "status", finished, "--json").out(), "status").get("state").asText();
        assertThat(state).as("after repairing the crash at write " + allowed + " the operation is either undone or done; "
            + "changes: " + Trees.diff(before, repaired)).isIn("staged", "installed");
        outcomes.add(allowed + ": repaired to finished (" + state + ")");
      }
    }
    throw new AssertionError("the operation never completed");
  }

  @Test
  void stageInterruptedAfterEveryWrite() throws Exception {
    PackageDefinition webapp = catalog().resolve(PackageRef.parse("webapp"));
    List<String> outcomes = crashAtEveryWrite(false, false, cluster ->
        new StagePackage(cluster, new ArtifactFetcher(new Configuration()), Progress.NONE)
            .run(webapp, Optional.of(MIRROR.toString())), "webapp");
    assertThat(outcomes.get(outcomes.size() - 1)).startsWith("completed");
    assertThat(outcomes.size()).isGreaterThan(10);
  }

  @Test
  void installInterruptedAfterEveryWrite() throws Exception {
    List<String> outcomes = crashAtEveryWrite(true, false, cluster -> new InstallInstance(cluster, this::catalog,
        new ArtifactFetcher(new Configuration()), Progress.NONE).run(request("w2")), "team1/w2");
    assertThat(outcomes).anyMatch(o -> o.contains("repaired to finished"));
    assertThat(outcomes).anyMatch(o -> o.contains("repaired to before") || o.contains("unchanged"));
  }

  @Test
  void reinstallOverKeptDataInterruptedAfterEveryWrite() throws Exception {
    List<String> outcomes = crashAtEveryWrite(true, true, cluster -> new InstallInstance(cluster, this::catalog,
        new ArtifactFetcher(new Configuration()), Progress.NONE).run(request("w")), "team1/w");
    assertThat(outcomes.get(outcomes.size() - 1)).startsWith("completed");
  }

  /**
   * An upgrade (options change; the instance never started, so no scheduler) interrupted after
   * every write: doctor undoes it from the copies beside the home or finishes it once instance.json
   * is published; the config file is then the old one or the new one, never a mix.
   */
  @Test
  void upgradeInterruptedAfterEveryWrite() throws Exception {
    URI template = freshCluster(true, false);
    ok(cli(template), "package", "install", "webapp", "--role", "team1", "--id", "w", "--set", "owner=a");
    // Each run starts from a copy of one installed cluster (nothing in a file: tree names its own root).
    Setup installed = () -> {
      Path copy = tmp.resolve("c" + ++clusters);
      assertThat(new ProcessBuilder("cp", "-a", Path.of(template).toString(), copy.toString()).start().waitFor()).isZero();
      return copy.toUri();
    };
    ObjectNode options = Json.object();
    options.put("owner", "b");
    List<String> outcomes = crashAtEveryWrite(installed, cluster -> new UpgradeInstance(cluster,
        AppRuntime.unavailable("no scheduler in this test"), note -> { }).run(new UpgradeInstance.Request("team1", "w",
        Optional.empty(), options, false, new InstanceChange.Settings(false, false, java.time.Duration.ofSeconds(5), 10))),
        "team1/w");
    assertThat(outcomes.get(outcomes.size() - 1)).startsWith("completed");
    assertThat(outcomes).anyMatch(o -> o.contains("repaired to finished"));
    assertThat(outcomes).anyMatch(o -> o.contains("repaired to before") || o.contains("unchanged"));
  }

  // ---- signals ----

  static final Path PACKAGES = Path.of("packages").toAbsolutePath();
  static final boolean SIGINT_IGNORED = sigintIgnoredHere();

  /**
   * A process whose parent ignores SIGINT (a background job of a non-interactive shell) inherits
   * that, and the JVM honours it, as nohup wants. Then SIGINT cannot reach the CLI and those cases
   * are sent SIGTERM instead; the probe is this JVM's own signal mask, which children inherit.
   */
  static boolean sigintIgnoredHere() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 2) != 0;
        }
      }
    } catch (Exception e) {
      // No /proc: assume signals are delivered.
    }
    return false;
  }

  interface Setup {
    URI cluster() throws Exception;
  }

  /**
   * Runs the command as a CLI process stopped before write 1, 2, 3... until it completes; at each
   * stop it gets a signal. Returns the outcomes; {@code finished} names the target whose state
   * tells a finished command from an undone one.
   */
  List<String> signalAtEveryWrite(Setup setup, String finished, List<String> finishedStates, String... args)
      throws Exception {
    List<String> outcomes = new ArrayList<>();
    List<Integer> points = writePoints(setup, args);
    outcomes.add("writes: " + points.get(points.size() - 1) + ", signalled before " + points.subList(0, points.size() - 1));
    for (int n : points.subList(0, points.size() - 1)) {
      URI root = setup.cluster();
      Map<String, String> before = Trees.withoutAudit(root);
      String signal = n % 2 == 0 && !SIGINT_IGNORED ? "INT" : "TERM";
      io.zeta.testing.CliProcess.Running run = new io.zeta.testing.CliProcess(tmp)
          .env("ZETA_HOME", tmp.resolve("home").toString()).env("ZETA_CLUSTER", root.toString())
          .jvm("-Dzeta.test.pauseAtWrite=" + n).start(args);
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
      while (run.process().isAlive() && !run.err().contains("zeta-test: paused before write " + n)) {
        assertThat(System.nanoTime()).as("pause at write " + n + ": " + run.err()).isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(run.process().isAlive()).as("the command ended before write " + n + ": " + run.err()).isTrue();
      new ProcessBuilder("kill", "-" + signal, String.valueOf(run.process().pid())).start().waitFor();
      io.zeta.testing.CliProcess.Result r = run.await(60);
      String at = "SIG" + signal + " before write " + n + " of " + String.join(" ", args) + "\n" + r;
      assertThat(r.exit()).as(at).isEqualTo(signal.equals("INT") ? 130 : 143);
      List<String> said = r.err().lines().filter(l -> l.startsWith("zeta: interrupted: ")).toList();
      assertThat(said).as(at).hasSize(1);
      Map<String, String> after = Trees.withoutAudit(root);
      assertThat(after.keySet()).as(at).noneMatch(p -> p.contains(io.zeta.cluster.ClusterLayout.TMP_PREFIX))
          .noneMatch(p -> p.startsWith("/zeta/kstore/locks/") && p.endsWith(".lock"));
      Cli cli = cli(root);
      com.fasterxml.jackson.databind.JsonNode audit = Json.parse(ok(cli, "cluster", "audit", "--json").out(), "audit");
      com.fasterxml.jackson.databind.JsonNode last = audit.get(audit.size() - 1);
      assertThat(last.get("result").asText()).as(at).startsWith("interrupted: ");
      assertThat(last.get("pid").asLong()).isEqualTo(run.process().pid());
      Map<String, String> changes = Trees.diff(before, after);
      if (changes.isEmpty()) {
        outcomes.add(n + " SIG" + signal + ": unchanged (" + said.get(0) + ")");
        continue;
      }
      Cli.Result doctor = cli.run("cluster", "doctor");
      if (doctor.exit() != 0) {
        ok(cli, "cluster", "doctor", "--repair");
        ok(cli, "cluster", "doctor");
      }
      String state = Json.parse(ok(cli, "package", "status", finished, "--json").out(), "status").get("state").asText();
      assertThat(state).as(at + "\nchanges: " + changes).isIn(finishedStates);
      outcomes.add(n + " SIG" + signal + ": " + (doctor.exit() == 0 ? "healthy" : "repaired") + ", " + state + " ("
          + said.get(0) + ")");
    }
    return outcomes;
  }

  /**
   * The writes to stop before: a JVM per signalled write costs a second or more, so not every
   * write but a representative few: the first (the lock), the middle of the build, the publish step
   * and the write after it, the release of the lock and the audit line; all of them for a command
   * of at most six writes. The last element is the number of writes of a full run, listed by one
   * uninterrupted run ({@code pauseAtWrite=0}).
   */
  List<Integer> writePoints(Setup setup, String... args) throws Exception {
    URI root = setup.cluster();
    io.zeta.testing.CliProcess.Result full = new io.zeta.testing.CliProcess(tmp)
        .env("ZETA_HOME", tmp.resolve("home").toString()).env("ZETA_CLUSTER", root.toString())
        .jvm("-Dzeta.test.pauseAtWrite=0").run(args);
    assertThat(full.exit()).as(full.toString()).isZero();
    List<String> writes = full.err().lines().filter(l -> l.startsWith("zeta-test: write ")).toList();
    int k = writes.size();
    java.util.TreeSet<Integer> points = new java.util.TreeSet<>();
    if (k <= 6) {
      for (int i = 1; i <= k; i++) {
        points.add(i);
      }
    } else {
      points.add(1);
      int publish = -1;
      int release = -1;
      for (int i = 0; i < k; i++) {
        String w = writes.get(i);
        if (publish < 0 && w.contains(": rename ")) {
          publish = i + 1;
        }
        if (w.contains(": delete /zeta/kstore/locks/")) {
          release = i + 1;
        }
      }
      if (publish > 0) {
        points.add(Math.max(2, publish / 2));
        points.add(publish);
        points.add(publish + 1);
      } else {
        points.add(k / 2);
        points.add(k / 2 + 1);
      }
      if (release > 0) {
        points.add(release);
      }
      points.add(k);
    }
    List<Integer> out = new ArrayList<>(points);
    out.add(k + 1);
    return out;
  }

  URI removedOrStaged(boolean installed) throws Exception {
    URI root = freshCluster(true, false);
    if (installed) {
      ok(cli(root), "package", "install", "webapp", "--role", "team1", "--id", "w", "--set", "owner=a");
    }
    return root;
  }

  @Test
  void stageGetsASignalAtEveryWrite() throws Exception {
    List<String> outcomes = signalAtEveryWrite(() -> freshCluster(false, false), "webapp", List.of("staged"),
        "package", "stage", "webapp", "--repo", REPO.toString(), "--mirror", MIRROR.toString());
    System.out.println("stage: " + outcomes);
    assertThat(outcomes).hasSizeGreaterThan(5);
    assertThat(outcomes).anyMatch(o -> o.contains("webapp 2.1.0 is not staged, nothing changed"));
    assertThat(outcomes).anyMatch(o -> o.contains("webapp 2.1.0 is staged (the stage was finished)"));
  }

  @Test
  void installGetsASignalAtEveryWrite() throws Exception {
    List<String> outcomes = signalAtEveryWrite(() -> removedOrStaged(false), "team1/w", List.of("installed"),
        "package", "install", "webapp", "--role", "team1", "--id", "w", "--set", "owner=a");
    System.out.println("install: " + outcomes);
    assertThat(outcomes).anyMatch(o -> o.contains("team1/w is not installed, nothing changed"));
    assertThat(outcomes).anyMatch(o -> o.contains("team1/w is installed (the install was finished)"));
  }

  @Test
  void uninstallGetsASignalAtEveryWrite() throws Exception {
    List<String> outcomes = signalAtEveryWrite(() -> removedOrStaged(true), "team1/w", List.of("removed"),
        "package", "uninstall", "team1/w");
    System.out.println("uninstall: " + outcomes);
    // Never started, so no scheduler step: every write after the lock belongs to the removal.
    assertThat(outcomes).anyMatch(o -> o.contains("unchanged (zeta: interrupted: nothing changed)"));
    assertThat(outcomes).anyMatch(o -> o.contains("team1/w is uninstalled (the uninstall was finished)"));
  }

  @Test
  void startGetsASignalAtEveryWrite() throws Exception {
    URI root = tmp.resolve("running").toUri();
    Cli cli = cli(root);
    ok(cli, "cluster", "init", "--root", root.toString(), "--name", "signals");
    ok(cli, "role", "add", "team1");
    ok(cli, "package", "install", "hello", "--role", "team1", "--id", "web", "--stage", "--repo", PACKAGES.toString());
    ok(cli, "agent", "start");
    try {
      ok(cli, "package", "start", "team1/web");
      ok(cli, "package", "stop", "team1/web");
      List<String> outcomes = signalAtEveryWrite(() -> {
        ok(cli, "package", "stop", "team1/web");
        return root;
      }, "team1/web", List.of("installed", "running"), "package", "start", "team1/web");
      System.out.println("start: " + outcomes);
      assertThat(outcomes).anyMatch(o -> o.contains("unchanged"));
      ok(cli, "cluster", "doctor");
    } finally {
      cli.run("agent", "stop");
    }
  }

  static InstallInstance.Request request(String id) {
    ObjectNode options = Json.object();
    options.put("owner", "a");
    return new InstallInstance.Request(PackageRef.parse("webapp"), "team1", id, Optional.empty(), options, false,
        Optional.empty());
  }

  Catalog catalog() {
    return new Catalog(List.of(Repositories.open(new RepositoryRef("test", REPO.toString()), null)));
  }
}
