package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;

/** Lock take-over and waiting on the local filesystem (file:). */
class LocalLockTest extends LockScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.LOCAL;
  }
}
