package io.zeta.lifecycle;

import io.zeta.testing.MiniHdfs;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same scenarios on a real HDFS (MiniDFSCluster), where owner, group and mode are enforced. */
class HdfsLifecycleTest extends LifecycleScenarios {
  static MiniHdfs hdfs;

  @BeforeAll
  static void startHdfs() {
    hdfs = MiniHdfs.start();
  }

  @AfterAll
  static void stopHdfs() {
    hdfs.close();
  }

  @Override
  URI newRoot(String name) {
    return hdfs.uri("/" + name);
  }

  @Override
  boolean appliesOwnership() {
    return true;
  }
}
