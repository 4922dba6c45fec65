package io.zeta.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drill (zetago pkgs/drill install.sh, version B of the notes, with the zetaextra drill-1.14.0-mapr.vers)
 * installed as {@code prod/drillprod} with the original answers: ports 20004/20005/20006 (CLUSTER), heap 4G,
 * direct memory 8G, Marathon memory 12500, cpu 4.0, 1 drillbit; keystore and truststore passwords as asked by
 * gen_java_keystore.sh. FS_PROVIDER mapr, FSUSER mapr.
 *
 * <p>Deliberate differences from the original heredocs:
 * <ul>
 *   <li>drill-env.sh: after the two {@code . zeta_shared.sh / zeta_<role>.sh} lines (kept; Zeta does not write those
 *       files) three lines source the instance's own exports ({@code <home>/env.sh}) and set {@code ZETA_ZKS}, which
 *       drill-override.conf reads at run time; the comments {@code Set to $DRILL_HOME/log by default.} and
 *       {@code Set to $DRILL_HOME by default.} keep {@code $DRILL_HOME} (the unquoted heredoc expanded it to nothing
 *       at install: a bug).</li>
 *   <li>zetadrill: the JDBC URL is {@code jdbc:drill:zk=<zks>/<id>/<id>} (zk.root/cluster-id); the original wrote
 *       {@code jdbc:drill:zk:<zks>/<id>}, which the Drill driver cannot parse (bug).</li>
 *   <li>marathon.json: the cmd first unpacks the MapR RPM in the sandbox (the original build turned it into
 *       drill-1.14.0.tgz with rpm2cpio, and {@code uris} fetched that tarball from zeta/shared/drill/packages); the uri
 *       is the staged RPM. {@code JAVA_HOME} is an option (the original copied the installer's). {@code ports} and
 *       {@code HA_EDGE_CONF} are the reconstructed {@code portslist}/{@code haproxylabel} outputs for three CLUSTER
 *       ports. The id is absolute.</li>
 *   <li>The certificates (Zeta CA) are not generated: the keystores are expected in certs/ under the names the
 *       original used; libjpam.so, logback.xml and mapr.login.conf are not copied into conf.std (see docs/PACKAGES.md).</li>
 * </ul>
 */
class DrillGoldenTest extends PortGoldenTest {
  @TempDir
  static Path tmp;
  static GoldenCluster cluster;

  @BeforeAll
  static void install() {
    cluster = GoldenCluster.create(tmp);
    cluster.stage("drill");
    cluster.install("drill", "prod", "drillprod", "webPort=20004", "userPort=20005", "bitPort=20006", "heap=4G",
        "directMemory=8G", "mem=12500", "cpus=4.0", "instances=1", "keystorePassword=ks-Secret.1",
        "truststorePassword=ts-Secret.2");
  }

  @Test
  void withoutMaprTheTicketAndImpersonationLinesAreEmpty() throws Exception {
    cluster.install("drill", "prod", "drillhdfs", "maprFs=false", "hadoopHome=/opt/hadoop", "keystorePassword=k",
        "truststorePassword=t");
    String text = Files.readString(cluster.local(cluster.home("prod", "drillhdfs") + "/conf.std/distrib-env.sh"));
    assertThat(text).isEqualTo("\n# MapR-specific environment settings for Drill\n\nexport HADOOP_HOME=\"/opt/hadoop\"\n"
        + "export DRILL_JAVA_OPTS=\"${DRILL_JAVA_OPTS} -Dzookeeper.sasl.client=false\"\n\n\n\n");
  }

  @Override
  GoldenCluster cluster() {
    return cluster;
  }

  @Override
  String pkg() {
    return "drill";
  }

  @Override
  String id() {
    return "drillprod";
  }
}
