package io.zeta.lifecycle;

import java.net.URI;

class LocalArtifactSourceTest extends ArtifactSourceScenarios {
  @Override
  URI newRoot(String name) {
    return tmp.resolve(name).toUri();
  }

  @Override
  boolean appliesOwnership() {
    return false;
  }
}
