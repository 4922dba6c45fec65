package io.zeta.lifecycle;

import java.net.URI;

/** The lifecycle scenarios on the local filesystem (file:), the embedded default. */
class LocalLifecycleTest extends LifecycleScenarios {
  @Override
  URI newRoot(String name) {
    return tmp.resolve(name).toUri();
  }

  @Override
  boolean appliesOwnership() {
    return false;
  }
}
