package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;

/** Dry runs and diffs on the local filesystem (file:). */
class LocalDryRunTest extends DryRunScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.LOCAL;
  }
}
