package io.zeta.scheduler;

import java.time.Duration;

/**
 * How often to try a request that failed without an answer (no connection) or with a 5xx, and
 * how long to wait in between: {@code initialBackoff}, then times {@code multiplier} each time,
 * at most {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (multiplier < 1) {
      throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
    }
  }

  /** Three attempts, 200 ms then 400 ms apart. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(3, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5));
  }

  public static RetryPolicy once() {
    return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);
  }

  /** The pause after the given failed attempt (1-based). */
  public Duration backoffAfter(int attempt) {
    double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
    return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
  }
}
