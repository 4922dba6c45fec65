package io.zeta.lifecycle;

import java.net.URI;

/** Secret options and file modes on the local filesystem (file:). */
class LocalSecretsTest extends SecretScenarios {
  @Override
  URI newRoot(String name) {
    return tmp.resolve(name).toUri();
  }

  @Override
  boolean appliesOwnership() {
    return false;
  }
}
