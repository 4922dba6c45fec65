package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.identity.Directories;
import io.zeta.identity.Directory;
import java.io.IOException;
import java.util.Optional;

/** The cluster's directory for a command: opened (bound) once, closed with the command. */
final class ClusterDirectory {
  private ClusterDirectory() {}

  /** The directory, or empty when the cluster has none (roles not enforced). */
  static Optional<Directory> open(Cluster cluster) throws IOException {
    return Directories.open(cluster.config(), cluster.storage());
  }

  /** The directory, or a clear error for commands that need one. */
  static Directory require(Cluster cluster) throws IOException {
    return open(cluster).orElseThrow(() -> new ZetaException("cluster " + cluster.name() + " has no directory: users are "
        + "managed in a directory server", "configure one with `zeta cluster set --ldap URL --ldap-base DN --bind-dn DN "
        + "--bind-password-file F`", null));
  }

  static void closeQuietly(Optional<Directory> d) {
    d.ifPresent(ClusterDirectory::closeQuietly);
  }

  static void closeQuietly(Directory d) {
    try {
      d.close();
    } catch (IOException ignored) {
      // Closing a pool of sockets: nothing the user can act on.
    }
  }
}
