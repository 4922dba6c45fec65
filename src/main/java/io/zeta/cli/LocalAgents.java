package io.zeta.cli;

import io.zeta.cluster.Cluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Where a local cluster's embedded scheduler keeps its state: one agent per cluster (app ids are
 * unique only within a cluster), in {@code $ZETA_HOME/agents/<name>-<hash of root>}.
 */
final class LocalAgents {
  private LocalAgents() {}

  static Path workDir(ZetaEnv env, Cluster cluster) {
    return env.home().resolve("agents").resolve(cluster.name() + "-" + hash(cluster.storage().rootUri()));
  }

  private static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
