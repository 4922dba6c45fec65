package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;

class HdfsUntrustedPackageTest extends UntrustedPackageScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.HDFS;
  }
}
