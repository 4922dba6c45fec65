package io.zeta.lifecycle;

import io.zeta.testing.MiniHdfs;
import java.net.URI;

class HdfsArtifactSourceTest extends ArtifactSourceScenarios {
  @Override
  URI newRoot(String name) {
    return MiniHdfs.shared().uri("/" + getClass().getSimpleName() + "/" + name + "-" + System.nanoTime());
  }

  @Override
  boolean appliesOwnership() {
    return true;
  }
}
