package io.zeta.cluster;

import io.zeta.ZetaException;
import io.zeta.cluster.storage.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A one-line secret of the cluster (a password): given as a file (never on the command line, where
 * {@code ps} shows it), kept owner-only (0600) in the owner-only secrets directory, never in
 * cluster.json, never printed. The directory's bind password and the registry's password are two.
 */
public final class SecretFile {
  public static final int MAX_BYTES = 4096;

  private SecretFile() {}

  /**
   * Reads a password file ('-' for the given stdin): its first line as it is (spaces may belong to
   * it, the line end does not), which must not be empty.
   *
   * @param flag the option that named the file, for errors
   * @param what what the secret is ("bind password"), for errors
   */
  public static String fromFile(String flag, String what, String file, Path cwd, InputStream stdin) {
    String named = flag + " " + file;
    try {
      byte[] bytes;
      if ("-".equals(file)) {
        bytes = stdin.readNBytes(MAX_BYTES + 1);
      } else {
        Path p = cwd.resolve(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
          throw new ZetaException(named + ": not a readable file", "give the path of a file holding the " + what, null);
        }
        try (InputStream in = Files.newInputStream(p)) {
          bytes = in.readNBytes(MAX_BYTES + 1);
        }
      }
      if (bytes.length > MAX_BYTES) {
        throw new ZetaException(named + ": more than " + MAX_BYTES + " bytes, not a password", "put only the password in the file", null);
      }
      String secret = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElse("");
      if (secret.isEmpty()) {
        throw new ZetaException(named + ": the file is empty", "put the " + what + " on its first line", null);
      }
      return secret;
    } catch (IOException e) {
      throw new ZetaException(named + ": " + io.zeta.Causes.describe(e), "give the path of a file holding the " + what, e);
    }
  }

  /** The stored secret at {@code path}, if there is one this user may read. */
  public static Optional<String> read(Storage storage, String path) throws IOException {
    try {
      String secret = new String(storage.read(path), StandardCharsets.UTF_8).lines().findFirst().orElse("");
      return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
    } catch (FileNotFoundException | org.apache.hadoop.security.AccessControlException | java.nio.file.AccessDeniedException e) {
      return Optional.empty();
    }
  }

  /** Writes it: the secrets directory 0700, the file created 0600. */
  public static void write(Storage storage, String path, String secret) throws IOException {
    storage.mkdirs(ClusterLayout.SECRETS, ClusterLayout.SECRETS_DIR_MODE);
    storage.write(path, (secret + "\n").getBytes(StandardCharsets.UTF_8), ClusterLayout.PRIVATE_MODE);
  }
}
