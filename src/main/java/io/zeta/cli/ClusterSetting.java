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

  /**
   * Checks what needs the cluster (a directory binds with the merged settings), after every
   * validate and before anything is written.
   */
  default void check(Cluster cluster, ZetaEnv env) throws Exception {}

  /** Writes the settings; returns the cluster as it is now. */
  Cluster apply(Cluster cluster, ZetaEnv env) throws Exception;

  /** Checks that do not block (a URL that does not answer): one warning each. */
  List<String> warnings(ZetaEnv env);

  /**
   * Work that follows the save, audited by the command per item (a directory makes sure of every
   * role's accounts): each item's result goes into {@code into}, and, unless the command prints
   * a document, one line each; returns how many items failed (each already said on stderr).
   */
  default int finish(Cluster cluster, Subcommand command, com.fasterxml.jackson.databind.node.ObjectNode into)
      throws Exception {
    return 0;
  }

  /** Releases what check opened (a directory connection); idempotent. */
  default void close() {}

  /** The settings as they are now, for the command's answer (keys of docs/CLI.md). */
  void describe(Cluster cluster, com.fasterxml.jackson.databind.node.ObjectNode into);
}
