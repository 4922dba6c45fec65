package io.zeta.images;

import io.zeta.ZetaException;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.storage.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The external registry's basic-auth password: given as a file (never on the command line, where
 * {@code ps} shows it), kept in {@link ClusterLayout#REGISTRY_PASSWORD} (0600 in the 0700 secrets
 * directory, as the LDAP bind password), never in cluster.json, never printed. The tools get it
 * through an owner-only auth.json ({@link ContainersConf#writeAuth}).
 */
public final class RegistryPassword {
  public static final int MAX_BYTES = 4096;

  private RegistryPassword() {}

  /** Reads a password file ('-' for stdin): its first line, which must not be empty. */
  public static String fromFile(String file, Path cwd, InputStream stdin) {
    String flag = "--registry-password-file " + file;
    try {
      byte[] bytes;
      if ("-".equals(file)) {
        bytes = stdin.readNBytes(MAX_BYTES + 1);
      } else {
        Path p = cwd.resolve(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
          throw new ZetaException(flag + ": not a readable file", "give the path of a file holding the registry password", null);
        }
        try (InputStream in = Files.newInputStream(p)) {
          bytes = in.readNBytes(MAX_BYTES + 1);
        }
      }
      if (bytes.length > MAX_BYTES) {
        throw new ZetaException(flag + ": more than " + MAX_BYTES + " bytes, not a password", "put only the password in the file", null);
      }
      String password = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElse("");
      if (password.isEmpty()) {
        throw new ZetaException(flag + ": the file is empty", "put the registry password on its first line", null);
      }
      return password;
    } catch (IOException e) {
      throw new ZetaException(flag + ": " + io.zeta.Causes.describe(e), "give the path of a file holding the registry password", e);
    }
  }

  /** The stored password, if there is one this user may read. */
  public static Optional<String> read(Storage storage) throws IOException {
    try {
      String password = new String(storage.read(ClusterLayout.REGISTRY_PASSWORD), StandardCharsets.UTF_8).lines().findFirst()
          .orElse("");
      return password.isEmpty() ? Optional.empty() : Optional.of(password);
    } catch (FileNotFoundException | org.apache.hadoop.security.AccessControlException | java.nio.file.AccessDeniedException e) {
      return Optional.empty();
    }
  }

  /** Writes it: the directory 0700, the file created 0600. */
  public static void write(Storage storage, String password) throws IOException {
    storage.mkdirs(ClusterLayout.SECRETS, ClusterLayout.SECRETS_DIR_MODE);
    storage.write(ClusterLayout.REGISTRY_PASSWORD, (password + "\n").getBytes(StandardCharsets.UTF_8), ClusterLayout.PRIVATE_MODE);
  }

  /** Removes it (the registry changed to one without credentials). */
  public static void delete(Storage storage) throws IOException {
    if (storage.exists(ClusterLayout.REGISTRY_PASSWORD)) {
      storage.delete(ClusterLayout.REGISTRY_PASSWORD, false);
    }
  }
}
