package io.zeta.lifecycle;

import io.zeta.testing.MiniHdfs;
import java.net.URI;

/** The same scenarios on a real HDFS (MiniDFSCluster), where owner, group and mode are enforced. */
class HdfsLifecycleTest extends LifecycleScenarios {
  @Override
  URI newRoot(String name) {
    return MiniHdfs.shared().uri("/" + getClass().getSimpleName() + "/" + name);
  }

  @Override
  boolean appliesOwnership() {
    return true;
  }
}
