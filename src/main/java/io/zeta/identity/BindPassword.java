package io.zeta.identity;

import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.SecretFile;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The directory's bind password: given as a file (never on the command line, where {@code ps}
 * shows it), kept in {@link ClusterLayout#LDAP_BIND_PASSWORD}, owner-only in the owner-only
 * secrets directory, like the scheduler's token; never in cluster.json, never printed.
 */
public final class BindPassword {
  public static final int MAX_BYTES = SecretFile.MAX_BYTES;

  private BindPassword() {}

  /** Reads a password file ('-' for the given stdin): its first line, which must not be empty. */
  public static String fromFile(String file, Path cwd, InputStream stdin) {
    return SecretFile.fromFile("--bind-password-file", "bind password", file, cwd, stdin);
  }

  /** The stored password, if there is one this user may read. */
  public static Optional<String> read(Storage storage) throws IOException {
    return SecretFile.read(storage, ClusterLayout.LDAP_BIND_PASSWORD);
  }

  /** Writes it: the directory 0700, the file created 0600. */
  public static void write(Storage storage, String password) throws IOException {
    SecretFile.write(storage, ClusterLayout.LDAP_BIND_PASSWORD, password);
  }
}
