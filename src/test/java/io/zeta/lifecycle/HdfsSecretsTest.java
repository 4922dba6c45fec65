package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.testing.ClusterFlavour;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;

/**
 * Secret options and file modes on a real HDFS (MiniDFSCluster), where modes are enforced, with
 * the client umask set to 022 explicitly (every Configuration the CLI builds reads it).
 */
class HdfsSecretsTest extends SecretScenarios {
  @BeforeAll
  static void umask022() {
    Configuration.addDefaultResource("zeta-umask-022.xml");
    assertThat(new Configuration().get("fs.permissions.umask-mode")).isEqualTo("022");
  }

  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.HDFS;
  }
}
