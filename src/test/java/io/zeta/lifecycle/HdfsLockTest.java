package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;

/** Lock take-over and waiting on a real HDFS (MiniDFSCluster). */
class HdfsLockTest extends LockScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.HDFS;
  }
}
