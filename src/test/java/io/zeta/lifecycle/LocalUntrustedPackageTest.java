package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;
import org.junit.jupiter.api.Test;

class LocalUntrustedPackageTest extends UntrustedPackageScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.LOCAL;
  }

  /** Here only: the bound is on rendering, before anything is written, so storage plays no part. */
  @Test
  void manyRendersOfOneInstanceAreBoundedTogether() {
    ok("package", "stage", "wide", "--repo", badRepo.toString());
    assertRefused("template refused: the rendered files of one instance exceed 64 MiB together", "package", "install",
        "wide", "--role", "team1", "--id", "w1");
  }
}
