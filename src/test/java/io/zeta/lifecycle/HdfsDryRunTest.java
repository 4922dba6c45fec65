package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;

/** Dry runs and diffs on a real HDFS (MiniDFSCluster), where modes and owners are enforced. */
class HdfsDryRunTest extends DryRunScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.HDFS;
  }
}
