package io.zeta.scheduler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@link MarathonClient} reaches its scheduler.
 *
 * @param token a DC/OS token, sent as {@code Authorization: token=<t>}; null for none
 * @param trustStore a trust store (PKCS12 or JKS) for the scheduler's certificate; null for the JDK's
 * @param trustStorePassword its password; null for none
 * @param insecure trust any certificate and host name (for tests only)
 * @param pollInterval how often {@code awaitDeployment} asks for the list of deployments
 */
public record ClientSettings(String token, Path trustStore, String trustStorePassword, boolean insecure,
    Duration connectTimeout, Duration requestTimeout, RetryPolicy retry, Duration pollInterval) {

  public static ClientSettings defaults() {
    return new ClientSettings(null, null, null, false, Duration.ofSeconds(5), Duration.ofSeconds(30),
        RetryPolicy.defaults(), Duration.ofMillis(200));
  }

  public Optional<String> tokenIfAny() {
    return Optional.ofNullable(token).filter(t -> !t.isBlank());
  }

  public ClientSettings withToken(String newToken) {
    return new ClientSettings(newToken, trustStore, trustStorePassword, insecure, connectTimeout, requestTimeout,
        retry, pollInterval);
  }

  public ClientSettings withTrustStore(Path path, String password) {
    return new ClientSettings(token, path, password, insecure, connectTimeout, requestTimeout, retry, pollInterval);
  }

  public ClientSettings withInsecure(boolean trustAll) {
    return new ClientSettings(token, trustStore, trustStorePassword, trustAll, connectTimeout, requestTimeout, retry,
        pollInterval);
  }

  public ClientSettings withTimeouts(Duration connect, Duration request) {
    return new ClientSettings(token, trustStore, trustStorePassword, insecure, connect, request, retry, pollInterval);
  }

  public ClientSettings withRetry(RetryPolicy policy) {
    return new ClientSettings(token, trustStore, trustStorePassword, insecure, connectTimeout, requestTimeout, policy,
        pollInterval);
  }

  public ClientSettings withPollInterval(Duration interval) {
    return new ClientSettings(token, trustStore, trustStorePassword, insecure, connectTimeout, requestTimeout, retry,
        interval);
  }
}
