package io.zeta.lifecycle;

import io.zeta.testing.MiniHdfs;
import java.net.URI;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class HdfsUntrustedPackageTest extends UntrustedPackageScenarios {
  @Override
  URI newRoot(String name) {
    return MiniHdfs.shared().uri("/" + getClass().getSimpleName() + "/" + name);
  }

  @Override
  boolean appliesOwnership() {
    return true;
  }

  /** The bound is on rendering, before anything is written: storage plays no part, and it costs 64 MiB of rendering. */
  @Override
  @Test
  @Disabled("storage-independent: LocalUntrustedPackageTest covers it")
  void manyRendersOfOneInstanceAreBoundedTogether() {}
}
