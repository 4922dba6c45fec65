package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;

class LocalBadInputTest extends BadInputScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.LOCAL;
  }
}
