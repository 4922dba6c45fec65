package io.zeta.lifecycle;

import java.net.URI;

class LocalBadInputTest extends BadInputScenarios {
  @Override
  URI newRoot(String name) {
    return tmp.resolve(name).toUri();
  }

  @Override
  boolean appliesOwnership() {
    return false;
  }
}
