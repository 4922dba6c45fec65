package io.zeta.lifecycle;

import io.zeta.testing.MiniHdfs;
import java.net.URI;

/** Lock take-over and waiting on a real HDFS (MiniDFSCluster). */
class HdfsLockTest extends LockScenarios {
  @Override
  URI newRoot(String name) {
    return MiniHdfs.shared().uri("/" + getClass().getSimpleName() + "/" + name);
  }

  @Override
  boolean appliesOwnership() {
    return true;
  }
}
