package io.zeta.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd (zetaextra etcd install.sh @f67679f, etcd-3.1.8.vers) installed as {@code prod/myetcd} with the original answers:
 * cpu 1.0, memory 2048, 3 nodes, client port 22379 and peer port 22380 (both CLUSTER). The original wrote one JSON per
 * node into marathon_files/ (APP_MAR_FILE=DIRECTORY); here the instance is zeta.json's app {@code etcd} with
 * {@code copies: {{nodes}}}, so the apps are {@code /prod/myetcd/etcd1..etcd3}, the ids the original gave them.
 *
 * <p>Deliberate differences from the original heredocs:
 * <ul>
 *   <li>bin/etcdnode.sh: the original expanded {@code ${INIT_CLUSTER}} at install from a loop over the nodes; a
 *       template cannot loop over a count, so the script builds the same list
 *       ({@code etcd1=http://etcd1-myetcd-prod.marathon.slave.mesos:22380,...}) with the same loop at start, just
 *       before the etcd command line, which is otherwise the original's.</li>
 *   <li>data/ and bin/ have mode 0775: the original ran {@code sudo chown 775} on them (meant chmod; bug).</li>
 *   <li>Each member's data directory data/etcdN is not a separate FS volume (the original's fs_mkvol): Docker creates it
 *       at the member's first start.</li>
 *   <li>The ids are absolute; the HA labels, ports and portMappings are the reconstructed helpers' outputs for two
 *       CLUSTER ports.</li>
 * </ul>
 */
class EtcdGoldenTest extends PortGoldenTest {
  @TempDir
  static Path tmp;
  static GoldenCluster cluster;

  @BeforeAll
  static void install() {
    cluster = GoldenCluster.create(tmp);
    cluster.stage("etcd");
    cluster.install("etcd", "prod", "myetcd", "cpus=1.0", "mem=2048", "nodes=3", "clientPort=22379", "peerPort=22380");
  }

  @Override
  GoldenCluster cluster() {
    return cluster;
  }

  @Override
  String pkg() {
    return "etcd";
  }

  @Override
  String id() {
    return "myetcd";
  }

  @Test
  void oneAppPerNodeAndTheChmodTheOriginalMeant() throws Exception {
    assertThat(cluster.record("prod", "myetcd").get("appIds").toString())
        .isEqualTo("[\"/prod/myetcd/etcd1\",\"/prod/myetcd/etcd2\",\"/prod/myetcd/etcd3\"]");
    String home = cluster.home("prod", "myetcd");
    for (String dir : new String[] {"data", "bin"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.local(home + "/" + dir))))
          .as(dir).isEqualTo("rwxrwxr-x");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.local(home + "/bin/etcdnode.sh"))))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void theStartScriptBuildsTheOriginalInitialCluster() throws Exception {
    Path script = cluster.local(cluster.home("prod", "myetcd") + "/bin/etcdnode.sh");
    String text = Files.readString(script);
    String loop = text.substring(text.indexOf("INIT_CLUSTER=\"\""), text.indexOf("/usr/local/bin/etcd"));
    Process p = new ProcessBuilder("sh", "-c", loop + "printf %s \"$INIT_CLUSTER\"").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo("etcd1=http://etcd1-myetcd-prod.marathon.slave.mesos:22380,"
        + "etcd2=http://etcd2-myetcd-prod.marathon.slave.mesos:22380,"
        + "etcd3=http://etcd3-myetcd-prod.marathon.slave.mesos:22380");
  }
}
