package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.testing.Cli;
import io.zeta.testing.ClusterFlavour;
import io.zeta.testing.Refusals;
import io.zeta.testing.Trees;
import java.io.IOException;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.hadoop.fs.ClusterStorageCapacityExceededException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

/**
 * Role quotas on a real HDFS (MiniDFSCluster): HDFS itself refuses writes past them, Zeta
 * explains the refusal and leaves nothing of a refused install, `role list` reports usage.
 */
class HdfsRoleQuotaTest extends ClusterLifecycleSuite {
  private static final int MIB = 1024 * 1024;

  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.HDFS;
  }

  /** Writes {@code mib} MiB as one replica in 1 MiB blocks, so HDFS counts exactly what is written. */
  private void rawWrite(String clusterPath, int mib) throws IOException {
    try (FileSystem fs = fs()) {
      FSDataOutputStream out = fs.create(p(clusterPath), true, 65536, (short) 1, MIB);
      try {
        byte[] chunk = new byte[MIB];
        for (int i = 0; i < mib; i++) {
          out.write(chunk);
        }
      } catch (IOException e) {
        // HDFS's stream throws the same exception again at close: not try-with-resources (self-suppression).
        try {
          out.close();
        } catch (IOException again) {
          // the same refusal
        }
        throw e;
      }
      out.close();
    }
  }

  private static JsonNode dir(JsonNode roleList, String path) {
    return roleList.get("roles").findValues("dirs").stream().flatMap(d -> StreamSupport.stream(d.spliterator(), false))
        .filter(d -> d.get("path").asText().equals(path)).findFirst().orElseThrow(() -> new AssertionError(path));
  }

  @Test
  void aTenMegabyteQuotaRefusesALargerWriteAndRoleListReportsUsage() throws IOException {
    initWithRoles();
    Cli.Result added = ok("role", "add", "prod", "--space-quota", "10m", "--namespace-quota", "1000");
    assertThat(added.out().lines()).hasSize(1);
    assertThat(added.out()).contains("Added role prod").contains("space quota 10 MiB and namespace quota 1000 on each directory");
    // The client writes 128 MiB blocks with 3 replicas: HDFS reserves 384 MiB per file being written.
    assertThat(added.err()).contains("warning: space quota below what HDFS reserves for a file being written (384 MiB");

    // HDFS's own check, not Zeta's: 4 MiB fit, 12 MiB do not.
    rawWrite("/data/prod/small.bin", 4);
    assertThatThrownBy(() -> rawWrite("/data/prod/big.bin", 12)).isInstanceOf(ClusterStorageCapacityExceededException.class)
        .hasMessageContaining("DiskSpace quota of").hasMessageContaining("/data/prod is exceeded");
    try (FileSystem fs = fs()) {
      fs.delete(p("/data/prod/big.bin"), false);
    }

    JsonNode list = json("role", "list", "--json");
    assertThat(list.get("quotas").get("supported").asBoolean()).isTrue();
    JsonNode data = dir(list, "/data/prod");
    assertThat(data.get("spaceQuota").asLong()).isEqualTo(10L * MIB);
    assertThat(data.get("spaceUsed").asLong()).isEqualTo(4L * MIB);
    assertThat(data.get("namespaceQuota").asLong()).isEqualTo(1000);
    assertThat(data.get("namespaceUsed").asLong()).isEqualTo(2); // the directory and small.bin
    assertThat(dir(list, "/apps/prod").get("spaceUsed").asLong()).isZero();
    assertThat(dir(list, "/data/shared").get("spaceQuota").isNull()).isTrue();
    assertThat(ok("role", "list").out()).containsPattern("prod +/data/prod .* 4 MiB / 10 MiB +2 / 1000");

    // A Zeta write into the role (webapp's home is in /data/prod, 4 MiB of 10 used): refused by HDFS,
    // explained in one line, and the install leaves nothing.
    ok("package", "stage", "webapp", "--mirror", MIRROR.toString());
    Map<String, String> before = Trees.withoutAudit(root);
    Cli.Result refused = Refusals.assertRefused(cli, root, before, true, java.util.List.of(),
        "role prod: space quota exceeded on /data/prod: quota 10 MiB, used 4 MiB, the write needed 384 MiB more",
        "package", "install", "webapp", "--role", "prod", "--id", "a", "--set", "owner=x");
    assertThat(Trees.read(root, Refusals.AUDIT_LOG)).contains("space quota exceeded on /data/prod");
    java.util.regex.Matcher hint = java.util.regex.Pattern
        .compile("hint: free space in /data/prod, or raise the quota: `zeta role set prod --space-quota (data=\\d+m)`")
        .matcher(refused.err());
    assertThat(hint.find()).as(refused.err()).isTrue();

    // What the hint says works: a larger quota on /data/prod only, and the same install succeeds.
    Cli.Result set = ok("role", "set", "prod", "--space-quota", hint.group(1));
    assertThat(set.out()).contains("apps: space quota 10 MiB").contains("data: space quota " + hint.group(1).substring(5, hint.group(1).length() - 1) + " MiB");
    ok("package", "install", "webapp", "--role", "prod", "--id", "a", "--set", "owner=x");
    JsonNode after = dir(json("role", "list", "--json"), "/data/prod");
    assertThat(after.get("spaceUsed").asLong()).isGreaterThan(4L * MIB);
    assertThat(after.get("namespaceUsed").asLong()).isGreaterThan(5);
  }

  @Test
  void stagingIsHeldToTheQuotaOfRoleSharedAndLeavesNothing() {
    initWithRoles();
    ok("role", "set", "shared", "--space-quota", "zeta=10m");
    Refusals.assertRefused(cli, root, true, "role shared: space quota exceeded on /zeta/shared: quota 10 MiB",
        "package", "stage", "webapp", "--mirror", MIRROR.toString());
    assertThat(exists("/zeta/shared/webapp")).isFalse();
    ok("role", "set", "shared", "--space-quota", "zeta=none");
    ok("package", "stage", "webapp", "--mirror", MIRROR.toString());
    assertThat(exists("/zeta/shared/webapp/stage/2.1.0/stage.json")).isTrue();
  }

  @Test
  void roleAddIsIdempotentAndRoleSetChangesOrClearsQuotas() {
    initWithRoles();
    ok("role", "add", "prod", "--space-quota", "1g");
    assertThat(ok("role", "add", "prod", "--space-quota", "1g").out()).contains("already exists with these settings");
    assertThat(ok("role", "add", "prod").out()).contains("already exists with these settings");
    Refusals.assertRefused(cli, root, true, "role prod already exists with other settings: space quota of /apps/prod is 1 GiB, not 2 GiB",
        "role", "add", "prod", "--space-quota", "2g");
    assertThat(cli.run("role", "add", "prod", "--space-quota", "2g").err()).contains("hint: change them with `zeta role set prod");

    ok("role", "set", "prod", "--space-quota", "none", "--namespace-quota", "data=500");
    JsonNode list = json("role", "list", "--json");
    assertThat(dir(list, "/apps/prod").get("spaceQuota").isNull()).isTrue();
    assertThat(dir(list, "/apps/prod").get("namespaceQuota").isNull()).isTrue();
    assertThat(dir(list, "/data/prod").get("namespaceQuota").asLong()).isEqualTo(500);
    assertThat(ok("role", "add", "prod", "--namespace-quota", "data=500", "--space-quota", "none").out())
        .contains("already exists with these settings");
  }

  @Test
  void badQuotasAreRefusedAndWriteNothing() {
    initWithRoles("prod");
    Map<String, String> before = Trees.snapshot(root);
    for (String bad : java.util.List.of("10q", "-1g", "0", "1.5q", "nosuch=1g")) {
      Cli.Result r = cli.run("role", "add", "team2", "--space-quota", bad);
      assertThat(Refusals.assertOneLineError(r, "--space-quota '" + bad + "'")).isNotEmpty();
      r = cli.run("role", "set", "prod", "--space-quota", bad);
      assertThat(Refusals.assertOneLineError(r, "--space-quota '" + bad + "'")).isNotEmpty();
    }
    Refusals.assertOneLineError(cli.run("role", "set", "prod", "--namespace-quota", "-5"), "--namespace-quota '-5'");
    Refusals.assertOneLineError(cli.run("role", "set", "prod"), "nothing to change");
    Refusals.assertOneLineError(cli.run("role", "set", "nosuch", "--space-quota", "1g"), "unknown role 'nosuch'");
    // Not even an audit line: the values are refused before the cluster is opened (the unknown role's is audited).
    Map<String, String> after = Trees.snapshot(root);
    after.remove(Refusals.AUDIT_LOG);
    Map<String, String> expected = new java.util.TreeMap<>(before);
    expected.remove(Refusals.AUDIT_LOG);
    assertThat(Trees.diff(expected, after)).isEmpty();
    assertThat(Trees.read(root, Refusals.AUDIT_LOG).lines().filter(l -> l.contains("role set") || l.contains("team2")))
        .hasSize(1);
  }
}
