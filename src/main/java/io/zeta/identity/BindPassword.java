package io.zeta.identity;

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
 * The directory's bind password: given as a file (never on the command line, where {@code ps}
 * shows it), kept in {@link ClusterLayout#LDAP_BIND_PASSWORD}, owner-only in the owner-only
 * secrets directory, like the scheduler's token; never in cluster.json, never printed.
 */
public final class BindPassword {
  public static final int MAX_BYTES = 4096;

  private BindPassword() {}

  /** Reads a password file ('-' for the given stdin): its first line, which must not be empty. */
  public static String fromFile(String file, Path cwd, InputStream stdin) {
    String flag = "--bind-password-file " + file;
    try {
      byte[] bytes;
      if ("-".equals(file)) {
        bytes = stdin.readNBytes(MAX_BYTES + 1);
      } else {
        Path p = cwd.resolve(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
          throw new ZetaException(flag + ": not a readable file", "give the path of a file holding the bind password", null);
        }
        try (InputStream in = Files.newInputStream(p)) {
          bytes = in.readNBytes(MAX_BYTES + 1);
        }
      }
      if (bytes.length > MAX_BYTES) {
        throw new ZetaException(flag + ": more than " + MAX_BYTES + " bytes, not a password", "put only the password in the file", null);
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      // The password is the first line as it is: spaces may belong to it, the line end does not.
      String password = text.lines().findFirst().orElse("");
      if (password.isEmpty()) {
        throw new ZetaException(flag + ": the file is empty", "put the bind password on its first line", null);
      }
      return password;
    } catch (IOException e) {
      throw new ZetaException(flag + ": " + io.zeta.Causes.describe(e), "give the path of a file holding the bind password", e);
    }
  }

  /** The stored password, if this user may read it (a tenant may not: they search anonymously). */
  public static Optional<String> read(Storage storage) throws IOException {
    try {
      String text = new String(storage.read(ClusterLayout.LDAP_BIND_PASSWORD), StandardCharsets.UTF_8);
      String password = text.lines().findFirst().orElse("");
      return password.isEmpty() ? Optional.empty() : Optional.of(password);
    } catch (FileNotFoundException | org.apache.hadoop.security.AccessControlException | java.nio.file.AccessDeniedException e) {
      return Optional.empty();
    }
  }

  /** Writes it: the directory 0700, the file created 0600, published by one rename. */
  public static void write(Storage storage, String password) throws IOException {
    storage.mkdirs(ClusterLayout.SECRETS, ClusterLayout.SECRETS_DIR_MODE);
    storage.write(ClusterLayout.LDAP_BIND_PASSWORD, (password + "\n").getBytes(StandardCharsets.UTF_8),
        ClusterLayout.PRIVATE_MODE);
  }
}
