package io.zeta.http;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;

/** API tokens: generation, the owner-only token file, and the check of a request's credentials. */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** 32 random bytes, URL-safe base64 without padding (43 characters). */
  public static String generate() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * Writes the token readable by its owner only: a temporary file created with mode 0600 (never
   * wider, not even between create and chmod), then renamed over the old file.
   */
  public static void writeOwnerOnly(Path file, String token) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    var attr = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        attr)) {
      ch.write(java.nio.ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII)));
      ch.force(true);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create " + tmp + ": it exists", e);
    }
    // The umask may only narrow the mode; make sure it is exactly 0600.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The token in a token file, when there is one. */
  public static Optional<String> read(Path file) {
    try {
      String t = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return t.isEmpty() ? Optional.empty() : Optional.of(t);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The token an {@code Authorization} header carries: {@code token=<t>} (as DC/OS clients send
   * it), {@code Bearer <t>}, or HTTP Basic with the token as the password (Marathon's
   * {@code --http_credentials}; the only way marathon-python authenticates its event stream).
   */
  public static Optional<String> fromAuthorization(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.trim();
    if (h.regionMatches(true, 0, "token=", 0, 6)) {
      return Optional.of(h.substring(6).trim());
    }
    if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(h.substring(7).trim());
    }
    if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(pair.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Compares in time independent of where the two differ. */
  public static boolean matches(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
