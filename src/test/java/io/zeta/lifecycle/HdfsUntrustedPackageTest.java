package io.zeta.lifecycle;

import io.zeta.testing.MiniHdfs;
import java.net.URI;

class HdfsUntrustedPackageTest extends UntrustedPackageScenarios {
  @Override
  URI newRoot(String name) {
    return MiniHdfs.shared().uri("/" + getClass().getSimpleName() + "/" + name);
  }

  @Override
  boolean appliesOwnership() {
    return true;
  }
}
