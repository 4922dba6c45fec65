package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppState;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.testing.Cli;
import io.zeta.testing.MiniHdfs;
import io.zeta.testing.TestAgents;
import io.zeta.testing.Trees;
import io.zeta.testing.UpgradeRepo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' scenario on a real HDFS (MiniDFSCluster) with an embedded agent over real HTTP,
 * all through the CLI: install kv 1.0 in prod with data, upgrade to 2.0 with new options (data
 * snapshotted first), history of 2 revisions, refused upgrades that change nothing, a broken 3.0
 * that rolls back on its own, and {@code rollback --with-data} restoring the snapshot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsUpgradeScenarioTest {
  static final String HOME = "/data/prod/kv/kv";

  @TempDir
  static Path tmp;
  static EmbeddedScheduler agent;
  static MarathonClient client;
  static URI root;
  static Cli cli;

  @BeforeAll
  static void clusterAndAgent() throws IOException {
    agent = EmbeddedScheduler.start(AgentConfig.defaults(tmp.resolve("agent")).withKillGracePeriod(Duration.ofSeconds(1))
        .withResources(TestAgents.AMPLE));
    client = TestAgents.client(agent);
    Path token = tmp.resolve("token");
    Files.writeString(token, agent.token().orElseThrow());
    root = MiniHdfs.shared().uri("/upgrade-" + System.nanoTime());
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    UpgradeRepo.kv(tmp.resolve("repo"));
    cli.ok("cluster", "init", "--root", root.toString(), "--name", "upgrades", "--scheduler", agent.url().toString(),
        "--scheduler-token-file", token.toString());
    cli.ok("role", "add", "prod");
    cli.ok("package", "repo", "add", "test", tmp.resolve("repo").toString());
  }

  @AfterAll
  static void stopAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  static Cli.Result ok(String... args) {
    return cli.ok(args);
  }

  static JsonNode history() {
    return Json.parse(ok("package", "history", "prod/kv", "--json").out(), "history");
  }

  static AppStatus app() {
    return client.app("/prod/kv").orElseThrow();
  }

  static String appVersionLabel() {
    return client.appJson("/prod/kv").orElseThrow().path("labels").path("DCOS_PACKAGE_VERSION").asText();
  }

  @Test
  @Order(1)
  void installOneWithData() {
    ok("package", "stage", "kv@1.0.0");
    ok("package", "install", "kv@1.0.0", "--role", "prod", "--id", "kv", "--set", "greeting=hello");
    ok("package", "start", "prod/kv");
    write(HOME + "/data/k1", "v1");
    assertThat(app().state()).isEqualTo(AppState.RUNNING);
    JsonNode h = history();
    assertThat(h).hasSize(1);
    assertThat(h.get(0).path("state").asText()).isEqualTo("deployed");
    assertThat(h.get(0).path("revision").asInt()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void upgradeToTwoWithNewOptionsSnapshotsTheDataFirst() {
    Cli.Result notStaged = cli.run("package", "upgrade", "prod/kv", "--to", "2.0.0");
    assertThat(notStaged.exit()).isEqualTo(1);
    assertThat(notStaged.err()).contains("stage it first: zeta package stage kv@2.0.0");

    ok("package", "stage", "kv@2.0.0");
    // diff and --dry-run show the change and write nothing.
    Map<String, String> before = Trees.withoutAudit(root);
    Cli.Result dry = ok("package", "upgrade", "prod/kv", "--to", "2.0.0", "--set", "mode=safe", "--set", "greeting=bonjour",
        "--dry-run");
    assertThat(dry.out()).contains("Dry run of upgrade prod/kv: nothing was changed").contains("+greeting=bonjour")
        .contains("-greeting=hello").contains("it snapshots data first, as zeta-r2").contains("revisions/2.json");
    Cli.Result diff = ok("package", "diff", "prod/kv", "--to", "2.0.0", "--set", "greeting=bonjour");
    assertThat(diff.out()).contains("+version=2.0.0").contains("+greeting=bonjour");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
    Cli.Result up = ok("package", "upgrade", "prod/kv", "--to", "2.0.0", "--set", "mode=safe", "--set", "greeting=bonjour");
    assertThat(up.out()).contains("prod/kv is at revision 2: kv 2.0.0").contains("running (1/1 tasks running, 1 healthy)");
    String conf = read(HOME + "/conf/kv.properties");
    assertThat(conf).contains("version=2.0.0").contains("greeting=bonjour").contains("mode=safe");
    assertThat(app().state()).isEqualTo(AppState.RUNNING);
    assertThat(app().tasksHealthy()).isEqualTo(1);
    assertThat(appVersionLabel()).isEqualTo("2.0.0");
    // The index names the new version; instance.json and the env file follow.
    assertThat(Json.parse(ok("package", "list", "--json").out(), "list").toString()).contains("\"2.0.0\"")
        .doesNotContain("\"1.0.0\"");
    JsonNode h = history();
    assertThat(h).hasSize(2);
    assertThat(h.get(0).path("state").asText()).isEqualTo("superseded");
    assertThat(h.get(1).path("state").asText()).isEqualTo("deployed");
    assertThat(h.get(1).path("version").asText()).isEqualTo("2.0.0");
    assertThat(h.get(1).path("snapshot").asText()).isEqualTo("zeta-r2");
    assertThat(h.get(1).path("principal").asText()).isNotBlank();
    // The snapshot holds the data as 1.0 left it; the secret default is masked in the revision.
    assertThat(read(HOME + "/data/.snapshot/zeta-r2/k1")).isEqualTo("v1");
    assertThat(read(HOME + "/revisions/2.json")).doesNotContain("s3cr3t-default");
    assertThat(ok("package", "history", "prod/kv").out()).contains("REVISION").contains("upgrade from 1.0.0 to 2.0.0");
    write(HOME + "/data/k1", "v2");
    write(HOME + "/data/k2", "written after the upgrade");
  }

  @Test
  @Order(3)
  void upgradeToAVersionThatDoesNotUpgradeFromTwoChangesNothing() {
    ok("package", "stage", "kv@4.0.0");
    Map<String, String> before = Trees.withoutAudit(root);
    Cli.Result refused = cli.run("package", "upgrade", "prod/kv", "--to", "4.0.0");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("kv 4.0.0 does not upgrade from 2.0.0").contains("upgradesFrom is [0.9.0]")
        .contains("nothing was changed").doesNotContain("Exception");
    Cli.Result unknown = cli.run("package", "rollback", "prod/kv", "9");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("prod/kv has no revision 9");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
    assertThat(appVersionLabel()).isEqualTo("2.0.0");
  }

  @Test
  @Order(4)
  void aBrokenUpgradeRollsBackOnItsOwn() {
    ok("package", "stage", "kv@3.0.0");
    Cli.Result broken = cli.run("package", "upgrade", "prod/kv", "--to", "3.0.0", "--rollback-on-failure",
        "--timeout", "6");
    assertThat(broken.exit()).as(broken.toString()).isEqualTo(1);
    assertThat(broken.err()).contains("to 3.0.0 (revision 3) failed").contains("rolled back to revision 2 (2.0.0) as revision 4");
    JsonNode h = history();
    assertThat(h).hasSize(4);
    assertThat(h.get(2).path("state").asText()).isEqualTo("failed");
    assertThat(h.get(2).path("version").asText()).isEqualTo("3.0.0");
    assertThat(h.get(3).path("state").asText()).isEqualTo("deployed");
    assertThat(h.get(3).path("action").asText()).isEqualTo("rollback");
    assertThat(h.get(3).path("version").asText()).isEqualTo("2.0.0");
    assertThat(h.get(3).path("current").asBoolean()).isTrue();
    assertThat(read(HOME + "/conf/kv.properties")).contains("version=2.0.0").contains("greeting=bonjour");
    assertThat(appVersionLabel()).isEqualTo("2.0.0");
    AppStatus back = app();
    assertThat(back.state()).isEqualTo(AppState.RUNNING);
    assertThat(back.tasksHealthy()).isEqualTo(1);
    // The data written after the upgrade is untouched by an upgrade and its rollback.
    assertThat(read(HOME + "/data/k2")).isEqualTo("written after the upgrade");
  }

  @Test
  @Order(5)
  void rollbackWithDataRestoresTheSnapshot() {
    Cli.Result back = ok("package", "rollback", "prod/kv", "1", "--with-data");
    assertThat(back.out()).contains("prod/kv is at revision 5: kv 1.0.0").contains("1 healthy");
    assertThat(read(HOME + "/data/k1")).isEqualTo("v1");
    assertThat(exists(HOME + "/data/k2")).isFalse();
    assertThat(read(HOME + "/conf/kv.properties")).contains("version=1.0.0").contains("greeting=hello")
        .doesNotContain("mode=");
    assertThat(appVersionLabel()).isEqualTo("1.0.0");
    JsonNode h = history();
    assertThat(h).hasSize(5);
    assertThat(h.get(4).path("description").asText()).contains("rollback to 1 with the data of zeta-r2");
    assertThat(h.get(3).path("state").asText()).isEqualTo("rolled-back");
    // The rollback took its own snapshot first: the data it replaced can still be had back.
    assertThat(read(HOME + "/data/.snapshot/zeta-r5/k2")).isEqualTo("written after the upgrade");
    assertThat(cli.run("cluster", "doctor").exit()).isZero();
  }

  @Test
  @Order(6)
  void theHistoryLimitPrunesRevisionsAndTheirSnapshots() {
    ok("package", "upgrade", "prod/kv", "--to", "1.0.0", "--set", "greeting=hi", "--history-max", "2");
    JsonNode h = history();
    assertThat(h).hasSize(2);
    assertThat(h.get(0).path("revision").asInt()).isEqualTo(5);
    assertThat(h.get(1).path("revision").asInt()).isEqualTo(6);
    assertThat(exists(HOME + "/data/.snapshot/zeta-r2")).isFalse();
    assertThat(exists(HOME + "/data/.snapshot/zeta-r5")).isTrue();
    // A purge deletes the snapshots first (HDFS refuses to delete a directory that has any).
    ok("package", "uninstall", "prod/kv", "--purge", "--yes");
    assertThat(exists(HOME)).isFalse();
  }

  static FileSystem fs() {
    try {
      return FileSystem.newInstance(root, new Configuration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static org.apache.hadoop.fs.Path p(String clusterPath) {
    return new org.apache.hadoop.fs.Path(root.toString().replaceAll("/+$", "") + clusterPath);
  }

  static String read(String clusterPath) {
    try (FileSystem fs = fs(); InputStream in = fs.open(p(clusterPath))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(clusterPath, e);
    }
  }

  static boolean exists(String clusterPath) {
    try (FileSystem fs = fs()) {
      return fs.exists(p(clusterPath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(String clusterPath, String content) {
    try (FileSystem fs = fs(); var out = fs.create(p(clusterPath), true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
