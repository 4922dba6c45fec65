package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;

class HdfsArtifactSourceTest extends ArtifactSourceScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.HDFS;
  }
}
