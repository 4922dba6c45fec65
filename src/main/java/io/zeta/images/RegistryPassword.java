package io.zeta.images;

import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.SecretFile;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The external registry's basic-auth password: given as a file (never on the command line, where
 * {@code ps} shows it), kept in {@link ClusterLayout#REGISTRY_PASSWORD} (0600 in the 0700 secrets
 * directory, as the LDAP bind password), never in cluster.json, never printed. The tools get it
 * through an owner-only auth.json ({@link ContainersConf#writeAuth}).
 */
public final class RegistryPassword {
  public static final int MAX_BYTES = SecretFile.MAX_BYTES;

  private RegistryPassword() {}

  /** Reads a password file ('-' for the given stdin): its first line, which must not be empty. */
  public static String fromFile(String file, Path cwd, InputStream stdin) {
    return SecretFile.fromFile("--registry-password-file", "registry password", file, cwd, stdin);
  }

  /** The stored password, if there is one this user may read. */
  public static Optional<String> read(Storage storage) throws IOException {
    return SecretFile.read(storage, ClusterLayout.REGISTRY_PASSWORD);
  }

  /** Writes it: the directory 0700, the file created 0600. */
  public static void write(Storage storage, String password) throws IOException {
    SecretFile.write(storage, ClusterLayout.REGISTRY_PASSWORD, password);
  }

  /** Removes it (the registry changed to one without credentials). */
  public static void delete(Storage storage) throws IOException {
    if (storage.exists(ClusterLayout.REGISTRY_PASSWORD)) {
      storage.delete(ClusterLayout.REGISTRY_PASSWORD, false);
    }
  }
}
