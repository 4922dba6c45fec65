package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.DirectoryConfig;
import io.zeta.identity.BindPassword;
import io.zeta.identity.Directories;
import java.io.IOException;

/** Checking and saving directory settings, for {@code cluster init} and {@code cluster set}. */
final class ClusterSetup {
  private ClusterSetup() {}

  /** Settings that bound successfully, with the connection made to check them (the caller closes it). */
  record Directory(DirectoryConfig config, String password, boolean newPassword, io.zeta.identity.Directory directory) {}

  /**
   * Merges the options over the current settings and binds with them: a server that cannot be
   * reached, a refused bind or a missing base DN fail here, before anything is saved.
   */
  static Directory check(DirectoryOptions options, Cluster cluster, ZetaEnv env) throws IOException {
    DirectoryConfig current = cluster == null ? null : cluster.config().directory();
    DirectoryConfig next = options.merge(current, env);
    String given = options.password(env);
    String password = given != null ? given : cluster == null ? null : BindPassword.read(cluster.storage()).orElse(null);
    if (password == null) {
      throw new ZetaException("the directory needs the bind password of " + next.bindDn(),
          "give --bind-password-file FILE (its first line; '-' for stdin)", null);
    }
    return new Directory(next, password, given != null, Directories.check(next, password));
  }

  /** Writes the password (its own 0600 file, first) and then cluster.json with the settings. */
  static Cluster save(Cluster cluster, Directory d) throws IOException {
    if (d.newPassword()) {
      BindPassword.write(cluster.storage(), d.password());
    }
    return cluster.withDirectory(d.config());
  }
}
