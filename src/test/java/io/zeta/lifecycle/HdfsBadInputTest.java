package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;

class HdfsBadInputTest extends BadInputScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.HDFS;
  }
}
