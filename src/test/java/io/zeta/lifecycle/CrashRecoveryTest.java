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
    List<String> outcomes = new ArrayList<>();
    for (int allowed = 0; allowed < 200; allowed++) {
      URI root = freshCluster(staged, removedInstance);
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
