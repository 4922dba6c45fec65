package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.lifecycle.AppRuntime;

/** The scheduler of a cluster, as the lifecycle uses it. */
final class Runtimes {
  private Runtimes() {}

  static AppRuntime of(Cluster cluster, ZetaEnv env) {
    return AppRuntime.NONE;
  }
}
