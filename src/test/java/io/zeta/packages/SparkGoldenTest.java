package io.zeta.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spark (zetaextra spark install.sh @202020c, spark-2.2.0.vers) installed as {@code prod/sparkprod}: one instance
 * made of two Marathon apps, {@code sparkhistory} then {@code sparkshuffle} (start.sh's order), with the original
 * answers: history port 23501 (CLUSTER), history memory 1280 and cpu 1.0, shuffle port 7350 (CLUSTER), image
 * anaspark3 (tag latest), 10 max executors, driver 512m, executor 4096m, 24 max cores, 4 cores per executor,
 * 1 min and 1 initial executor; shuffle services 3 (the original counted the nodes).
 *
 * <p>Deliberate differences from the original heredocs:
 * <ul>
 *   <li>env file: {@code ZETA_sparkprod_HISTORY_PORT="23501"}; the original wrote {@code ZETA_sparkprod__HISTORY_PORT=""}
 *       (double underscore, and {@code $APP_PORT} was never set): a bug, fixed.</li>
 *   <li>both apps: the {@code /opt/mesosphere} volume's hostPath is {@code /opt/mesosphere} (the original had
 *       {@code /opt/mesophere}: a typo, fixed); the cmd first unpacks the staged Spark tarball into /spark (the instance
 *       home's spark-2.2.0-bin-without-hadoop) when it is not there yet, from a {@code fetch} of the staged copy (the
 *       original unpacked it at install); the ids are absolute.</li>
 *   <li>spark-defaults.conf: the event log URIs start with the {@code hdfsPrefix} option ({@code maprfs:///}) instead
 *       of {@code maprfs://$CLDB/} (the CLDB the installer probed); {@code spark.executor.extraClassPath} is an option
 *       whose default is what the original's {@code ls} found on a MapR 6.0.0 node.</li>
 *   <li>{@code $APP_HIST_PORT_JSON}, {@code $APP_SHUF_PORT_LIST} and the HA labels are the reconstructed helpers'
 *       outputs for CLUSTER ports (docs/PACKAGES.md).</li>
 * </ul>
 */
class SparkGoldenTest extends PortGoldenTest {
  @TempDir
  static Path tmp;
  static GoldenCluster cluster;

  @BeforeAll
  static void install() {
    cluster = GoldenCluster.create(tmp);
    cluster.stage("spark");
    cluster.install("spark", "prod", "sparkprod", "historyPort=23501", "historyMem=1280", "historyCpus=1.0",
        "shufflePort=7350", "image=anaspark3", "imageTag=latest", "maxExecutors=10", "driverMemory=512m",
        "executorMemory=4096m", "maxCores=24", "coresPerExecutor=4", "minExecutors=1", "initialExecutors=1",
        "shuffleInstances=3");
  }

  @Override
  GoldenCluster cluster() {
    return cluster;
  }

  @Override
  String pkg() {
    return "spark";
  }

  @Override
  String id() {
    return "sparkprod";
  }

  @Test
  void zetasparkHasNoPysparkExport() throws Exception {
    cluster.install("spark", "prod", "sparkzeta", "image=zetaspark", "pysparkPython=");
    String home = cluster.home("prod", "sparkzeta");
    String env = Files.readString(cluster.local(home + "/conf/spark-env.sh"));
    assertThat(env).endsWith("-Dmapr_sec_enabled=true\"\nfi\n\n");
    String defaults = Files.readString(cluster.local(home + "/conf/spark-defaults.conf"));
    assertThat(defaults).contains("\nspark.executorEnv.PYSPARK_PYTHON \nspark.executorEnv.SPARK_CONF_DIR /spark_conf\n")
        .contains("spark.mesos.executor.docker.image dockerregv2-shared.marathon.slave.mesos:5005/zetaspark:latest\n");
  }

  @Test
  void historyStartsBeforeShuffle() {
    assertThat(cluster.record("prod", "sparkprod").get("appIds").toString())
        .isEqualTo("[\"/prod/sparkprod/sparkhistory\",\"/prod/sparkprod/sparkshuffle\"]");
  }
}
