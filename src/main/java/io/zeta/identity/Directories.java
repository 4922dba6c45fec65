package io.zeta.identity;

import io.zeta.cluster.ClusterConfig;
import io.zeta.cluster.DirectoryConfig;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.util.Optional;

/** Opens the directory a cluster is configured with. */
public final class Directories {
  /** What a command says when roles are not enforced. */
  public static final String NOT_ENFORCED =
      "roles are not enforced: no directory configured (zeta cluster set --ldap URL --ldap-base DN --bind-dn DN --bind-password-file F)";

  private Directories() {}

  /**
   * The cluster's directory, bound with the stored password; anonymously (read-only) when this user
   * may not read the password (tenants); empty when the cluster has none. The connection is made
   * here, so an unreachable server or a refused bind fails at once with a one-line error.
   */
  public static Optional<Directory> open(ClusterConfig config, Storage storage) throws IOException {
    Optional<DirectoryConfig> dc = config.directoryConfig();
    if (dc.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(LdapDirectory.connect(dc.get(), BindPassword.read(storage).orElse(null), LdapDirectory.Source.CLUSTER));
  }

  /** Checks settings given on the command line by binding with them; the caller closes the directory. */
  public static Directory check(DirectoryConfig config, String password) {
    return LdapDirectory.connect(config, password, LdapDirectory.Source.FLAGS);
  }
}
