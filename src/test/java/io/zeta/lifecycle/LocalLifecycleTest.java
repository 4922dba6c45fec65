package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;

/** The lifecycle scenarios on the local filesystem (file:), the embedded default. */
class LocalLifecycleTest extends LifecycleScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.LOCAL;
  }
}
