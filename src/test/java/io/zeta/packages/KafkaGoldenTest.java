package io.zeta.packages;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka (zetago pkgs/kafka install.sh @02d5a59, kafka-0.10.2.0.vers; brokers.conf from start.sh) installed as
 * {@code prod/kafkaprod} with the original answers: API port 21000 (CLUSTER), cpu 1.0, memory 768; brokers:
 * heap 1024, memory 2048, 1 cpu, 3 brokers. ZETA_ZKS is the {@code zookeepers} option (master.mesos:2181).
 *
 * <p>Deliberate differences from the original heredocs:
 * <ul>
 *   <li>brokers.conf is rendered at install from options (the original start.sh asked for the four values at the
 *       first start and wrote the same heredoc).</li>
 *   <li>marathon.json: the first uri is the staged kafka-mesos bundle (the original copied it into the home and
 *       fetched {@code file://<home>/kafka-mesos-0.10.2.0.tgz}); the JRE is unpacked by the cmd from the bundle's
 *       kafka-mesos/mesos-java.tgz (the original fetched {@code file://<home>/kafka-mesos/mesos-java.tgz} from the
 *       bundle it had unpacked in the home); the id is absolute; {@code ports} and {@code HA_EDGE_CONF} are the
 *       reconstructed helpers' outputs for a CLUSTER port (the original called {@code nonbridgeports}, the older
 *       name of {@code portslist}).</li>
 * </ul>
 */
class KafkaGoldenTest extends PortGoldenTest {
  @TempDir
  static Path tmp;
  static GoldenCluster cluster;

  @BeforeAll
  static void install() {
    cluster = GoldenCluster.create(tmp);
    cluster.stage("kafka");
    cluster.install("kafka", "prod", "kafkaprod", "apiPort=21000", "cpus=1.0", "mem=768", "brokerHeap=1024",
        "brokerMem=2048", "brokerCpus=1", "brokerCount=3");
  }

  @Override
  GoldenCluster cluster() {
    return cluster;
  }

  @Override
  String pkg() {
    return "kafka";
  }

  @Override
  String id() {
    return "kafkaprod";
  }
}
