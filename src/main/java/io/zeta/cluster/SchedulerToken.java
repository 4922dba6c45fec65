package io.zeta.cluster;

import io.zeta.ZetaException;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The scheduler's (DC/OS / Marathon) token, kept out of cluster.json so that the configuration
 * stays readable by every tenant: {@link ClusterLayout#SCHEDULER_TOKEN}, owner-only, in an
 * owner-only directory, written atomically with its mode given at creation. A cluster.json of
 * older versions may still hold it ({@code marathonToken}); it is read from there as a fallback
 * until {@code cluster doctor --repair} moves it ({@link #migrate}).
 */
public final class SchedulerToken {
  /** A token is one line; anything larger is not a token. */
  public static final int MAX_BYTES = 16 * 1024;

  private SchedulerToken() {}

  /**
   * The token, when there is one this user may read: the secret file, else a token an old
   * cluster.json still holds. A tenant who may not read the file gets none (and Marathon's 401
   * then says to send one, e.g. with ZETA_MARATHON_TOKEN).
   */
  public static Optional<String> read(Storage storage, ClusterConfig config) throws IOException {
    try {
      String text = new String(storage.read(ClusterLayout.SCHEDULER_TOKEN), StandardCharsets.UTF_8).strip();
      if (!text.isEmpty()) {
        return Optional.of(text);
      }
    } catch (FileNotFoundException | org.apache.hadoop.security.AccessControlException e) {
      // No token file, or not ours to read: fall back to the legacy field.
    } catch (java.nio.file.AccessDeniedException e) {
      // As above, as file: reports it.
    }
    return Optional.ofNullable(config.marathonToken()).filter(t -> !t.isBlank());
  }

  /** Checks a token given by the operator: one line of visible ASCII, bounded. */
  public static String validate(String raw, String source) {
    String token = raw.strip();
    if (token.isEmpty()) {
      throw new ZetaException("the scheduler token in " + source + " is empty", "put the DC/OS token in the file", null);
    }
    if (token.length() > MAX_BYTES || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ZetaException("the scheduler token in " + source + " is not a token (one line of visible ASCII, at most "
          + MAX_BYTES + " bytes)", "put only the DC/OS token in the file", null);
    }
    return token;
  }

  /** Writes the token: the directory 0700, the file created 0600, published by one rename. */
  public static void write(Storage storage, String token) throws IOException {
    storage.mkdirs(ClusterLayout.SECRETS, ClusterLayout.SECRETS_DIR_MODE);
    storage.write(ClusterLayout.SCHEDULER_TOKEN, (token + "\n").getBytes(StandardCharsets.US_ASCII),
        ClusterLayout.PRIVATE_MODE);
  }

  /** Whether cluster.json still holds a token (what {@link #migrate} fixes). */
  public static boolean inConfig(ClusterConfig config) {
    return config.marathonToken() != null;
  }

  /**
   * Moves a token cluster.json holds to the secret file (unless the file already holds one,
   * which wins), then rewrites cluster.json without it, readable again. The caller holds the
   * config lock. Crash-safe: the token is in its file before it leaves cluster.json.
   */
  public static ClusterConfig migrate(Storage storage, ClusterConfig config) throws IOException {
    if (!inConfig(config)) {
      return config;
    }
    if (!config.marathonToken().isBlank() && !storage.exists(ClusterLayout.SCHEDULER_TOKEN)) {
      write(storage, config.marathonToken());
    }
    ClusterConfig clean = config.withoutToken();
    storage.write(ClusterLayout.CLUSTER_CONFIG, Json.prettyBytes(clean), ClusterLayout.CONFIG_MODE);
    return clean;
  }
}
