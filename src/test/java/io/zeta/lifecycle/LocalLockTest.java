package io.zeta.lifecycle;

import java.net.URI;

/** Lock take-over and waiting on the local filesystem (file:). */
class LocalLockTest extends LockScenarios {
  @Override
  URI newRoot(String name) {
    return tmp.resolve(name).toUri();
  }

  @Override
  boolean appliesOwnership() {
    return false;
  }
}
