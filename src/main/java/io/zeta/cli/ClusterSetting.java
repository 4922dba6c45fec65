package io.zeta.cli;

import io.zeta.cluster.Cluster;
import java.util.List;

/**
 * One concern of {@code zeta cluster set} (the scheduler, a directory service...), as a picocli
 * mixin of its own options. {@link ClusterSetCommand} applies every mixin that implements this, so
 * a new concern is one class and one {@code @Mixin} line.
 */
interface ClusterSetting {
  /** Whether any of its options was given. */
  boolean given();

  /** Checks the options before anything is written; throws a ZetaException on a bad one. */
  void validate(ZetaEnv env);

  /** Writes the settings; returns the cluster as it is now. */
  Cluster apply(Cluster cluster, ZetaEnv env) throws Exception;

  /** Checks that do not block (a URL that does not answer): one warning each. */
  List<String> warnings(ZetaEnv env);

  /** The settings as they are now, for the command's answer (keys of docs/CLI.md). */
  void describe(Cluster cluster, com.fasterxml.jackson.databind.node.ObjectNode into);
}
