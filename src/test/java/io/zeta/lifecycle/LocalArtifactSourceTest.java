package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;

class LocalArtifactSourceTest extends ArtifactSourceScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.LOCAL;
  }
}
