package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.testing.Cli;
import io.zeta.testing.ClusterFlavour;
import io.zeta.testing.Trees;
import io.zeta.testing.UpgradeRepo;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Upgrade, history and rollback on a file: cluster, of an instance that was never started (no
 * scheduler needed): the files follow the revision, data is kept and said not to be snapshotted,
 * Cosmos's rule refuses a version change nothing declares, options are reused or reset.
 */
class LocalUpgradeTest extends ClusterLifecycleSuite {
  static final String HOME = "/data/prod/kv/kv";

  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.LOCAL;
  }

  void kvInstalled() {
    ok("cluster", "init", "--root", root.toString(), "--name", "testcluster");
    ok("role", "add", "prod");
    UpgradeRepo.kv(tmp.resolve("kvrepo"));
    ok("package", "repo", "add", "kv", tmp.resolve("kvrepo").toString());
    ok("package", "stage", "kv@1.0.0");
    ok("package", "stage", "kv@2.0.0");
    ok("package", "install", "kv@1.0.0", "--role", "prod", "--id", "kv", "--set", "greeting=hej", "--set", "token=pw-one");
    write(HOME + "/data/k1", "v1");
  }

  @Test
  void upgradeKeepsDataSaysItIsNotSnapshottedAndRecordsRevisions() {
    kvInstalled();
    Cli.Result up = ok("package", "upgrade", "prod/kv", "--to", "2.0.0", "--set", "mode=safe");
    assertThat(up.err()).contains("data is not snapshotted on file: clusters");
    assertThat(up.out()).contains("prod/kv is at revision 2: kv 2.0.0 (upgrade from 1.0.0 to 2.0.0); not started");
    // --reuse-options (the default): the earlier greeting stays, the secret too.
    assertThat(read(HOME + "/conf/kv.properties")).contains("version=2.0.0", "greeting=hej", "mode=safe");
    assertThat(read(HOME + "/secrets.json")).contains("pw-one");
    assertThat(read(HOME + "/data/k1")).isEqualTo("v1");
    assertThat(read(HOME + "/instance.json")).contains("\"version\" : \"2.0.0\"");
    assertThat(read("/zeta/kstore/env/env_prod/kv_kv.sh")).isNotNull();
    assertThat(exists("/zeta/kstore/index/instances/prod@kv@kv@2.0.0@data@installed")).isTrue();
    assertThat(exists("/zeta/kstore/index/instances/prod@kv@kv@1.0.0@data@installed")).isFalse();
    JsonNode h = json("package", "history", "prod/kv", "--json");
    assertThat(h).hasSize(2);
    JsonNode second = h.get(1);
    assertThat(second.fieldNames()).toIterable().contains("revision", "version", "state", "principal", "time",
        "description");
    assertThat(second.path("state").asText()).isEqualTo("deployed");
    assertThat(second.path("snapshot").isNull()).isTrue();
    assertThat(h.get(0).path("state").asText()).isEqualTo("superseded");
    // Secrets are masked in every revision.
    assertThat(read(HOME + "/revisions/1.json")).doesNotContain("pw-one").contains("********");
    assertThat(exists(HOME + "/.snapshot")).isFalse();

    // --reset-options: only what is given now, over 2.0's defaults.
    ok("package", "upgrade", "prod/kv", "--to", "2.0.0", "--reset-options", "--set", "token=pw-two");
    assertThat(read(HOME + "/conf/kv.properties")).contains("greeting=hello", "mode=fast");

    // The previous revision by default; --with-data is refused on file: and changes nothing.
    Map<String, String> before = Trees.withoutAudit(root);
    Cli.Result withData = cli.run("package", "rollback", "prod/kv", "--with-data");
    assertThat(withData.exit()).isEqualTo(1);
    assertThat(withData.err()).contains("data is not snapshotted on file: clusters").contains("nothing was changed");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
    Cli.Result back = ok("package", "rollback", "prod/kv");
    assertThat(back.out()).contains("prod/kv is at revision 4: kv 2.0.0 (rollback to 2)");
    assertThat(read(HOME + "/conf/kv.properties")).contains("greeting=hej", "mode=safe");
    // Today's secret value is kept: revisions never hold one.
    assertThat(read(HOME + "/secrets.json")).contains("pw-two");
    assertThat(ok("package", "history", "prod/kv").out()).contains("rolled-back").contains("*4");
  }

  @Test
  void aVersionChangeNothingDeclaresIsRefusedAndChangesNothing() {
    kvInstalled();
    ok("package", "upgrade", "prod/kv", "--to", "2.0.0");
    Map<String, String> before = Trees.withoutAudit(root);
    // 1.0.0 declares no upgradesFrom and 2.0.0 no downgradesTo: Cosmos allows no change between them.
    Cli.Result down = cli.run("package", "upgrade", "prod/kv", "--to", "1.0.0");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err()).contains("kv 1.0.0 does not upgrade from 2.0.0 (its package.json upgradesFrom is absent, "
        + "and 2.0.0's downgradesTo is absent)").contains("nothing was changed").doesNotContain("at io.zeta");
    Cli.Result badOption = cli.run("package", "upgrade", "prod/kv", "--set", "nosuch=1");
    assertThat(badOption.exit()).isEqualTo(1);
    Cli.Result badMax = cli.run("package", "upgrade", "prod/kv", "--history-max", "0");
    assertThat(badMax.exit()).isEqualTo(2);
    Cli.Result notInstalled = cli.run("package", "history", "prod/nope");
    assertThat(notInstalled.exit()).isEqualTo(1);
    assertThat(notInstalled.err()).contains("no instance prod/nope is installed");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
  }

  @Test
  void theClustersHistoryLimitIsTheDefaultOfUpgradeAndRollbackAndACommandMayGiveItsOwn() {
    kvInstalled();
    assertThat(json("cluster", "info", "--json").path("historyMax").asInt()).isEqualTo(Revisions.DEFAULT_MAX);
    // Bad values: one line, exit 1, nothing written.
    Map<String, String> before = Trees.withoutAudit(root);
    for (String bad : new String[] {"0", "-3", "10001"}) {
      Cli.Result refused = cli.run("cluster", "set", "--history-max", bad);
      assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err()).contains("--history-max must be 1 to 10000, got " + bad).doesNotContain("at io.zeta");
    }
    assertThat(cli.run("cluster", "set", "--history-max", "two").exit()).isEqualTo(2);
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();

    assertThat(ok("cluster", "set", "--history-max", "2").out()).contains("Set historyMax 2 on cluster testcluster.");
    assertThat(json("cluster", "set", "--history-max", "2", "--json").path("historyMax").asInt()).isEqualTo(2);
    assertThat(ok("cluster", "info").out()).contains("History max:   2 revisions per instance");
    assertThat(read("/zeta/kstore/cluster.json")).contains("\"historyMax\" : 2");

    // Three upgrades under the cluster's limit: two revisions are left (the newest).
    ok("package", "upgrade", "prod/kv", "--to", "2.0.0", "--set", "mode=a");
    ok("package", "upgrade", "prod/kv", "--set", "mode=b");
    ok("package", "upgrade", "prod/kv", "--set", "mode=c");
    assertThat(revisions()).containsExactly(3, 4);
    // A command's own --history-max wins over the cluster's.
    ok("package", "upgrade", "prod/kv", "--set", "mode=d", "--history-max", "5");
    ok("package", "upgrade", "prod/kv", "--set", "mode=e", "--history-max", "5");
    assertThat(revisions()).containsExactly(3, 4, 5, 6);
    // A rollback without one prunes to the cluster's limit again.
    ok("package", "rollback", "prod/kv");
    assertThat(revisions()).containsExactly(6, 7);
    assertThat(read(HOME + "/conf/kv.properties")).contains("mode=d");
  }

  @Test
  void clusterInitTakesTheHistoryLimitAndRefusesABadOneBeforeCreatingAnything() {
    Cli.Result refused = cli.run("cluster", "init", "--root", root.toString(), "--history-max", "0");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("--history-max must be 1 to 10000, got 0");
    assertThat(exists("/zeta/kstore/cluster.json")).isFalse();
    JsonNode init = json("cluster", "init", "--root", root.toString(), "--name", "testcluster", "--history-max", "3", "--json");
    assertThat(init.path("historyMax").asInt()).isEqualTo(3);
    assertThat(json("cluster", "info", "--json").path("historyMax").asInt()).isEqualTo(3);
  }

  private java.util.List<Integer> revisions() {
    java.util.List<Integer> out = new java.util.ArrayList<>();
    json("package", "history", "prod/kv", "--json").forEach(r -> out.add(r.path("revision").asInt()));
    return out;
  }
}
