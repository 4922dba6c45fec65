package io.zeta.lifecycle;

import java.net.URI;

class LocalUntrustedPackageTest extends UntrustedPackageScenarios {
  @Override
  URI newRoot(String name) {
    return tmp.resolve(name).toUri();
  }

  @Override
  boolean appliesOwnership() {
    return false;
  }
}
