package io.zeta.scheduler.embedded;

import io.zeta.http.HttpServerConfig;
import java.time.Duration;

/**
 * How the agent's API protects itself.
 *
 * @param auth whether every request needs the agent's token (written to {@code agent.token} in the
 *     work directory, mode 0600); false only for a throwaway agent ({@code --no-auth})
 * @param maxBodyBytes request bodies beyond this get 413
 * @param eventHeartbeat how often an idle event stream gets a comment line, so that proxies and
 *     clients do not take it for dead
 */
public record ApiSettings(boolean auth, int maxBodyBytes, Duration eventHeartbeat) {
  public static ApiSettings defaults() {
    return new ApiSettings(true, HttpServerConfig.DEFAULT_MAX_BODY, Duration.ofSeconds(15));
  }

  public ApiSettings withAuth(boolean on) {
    return new ApiSettings(on, maxBodyBytes, eventHeartbeat);
  }

  public ApiSettings withMaxBodyBytes(int bytes) {
    return new ApiSettings(auth, bytes, eventHeartbeat);
  }

  public ApiSettings withEventHeartbeat(Duration every) {
    return new ApiSettings(auth, maxBodyBytes, every);
  }
}
