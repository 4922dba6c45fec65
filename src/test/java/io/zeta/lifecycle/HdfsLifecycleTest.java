package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;

/** The same scenarios on a real HDFS (MiniDFSCluster), where owner, group and mode are enforced. */
class HdfsLifecycleTest extends LifecycleScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.HDFS;
  }
}
