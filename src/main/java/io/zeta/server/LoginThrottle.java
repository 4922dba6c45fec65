package io.zeta.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per uid: after {@code maxFailures} within {@code window}, further logins of that
 * uid are refused (429) until the window has passed since the first of them, so that a password
 * cannot be guessed at the server's speed. A success forgets the uid's failures. In memory, bounded
 * ({@link #MAX_TRACKED} uids; beyond it expired entries are dropped, then all).
 */
final class LoginThrottle {
  static final int MAX_TRACKED = 10_000;

  private record Failures(Instant first, int count) {}

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

  LoginThrottle(int maxFailures, Duration window, Clock clock) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  /** 5 failures a minute. */
  static LoginThrottle defaults() {
    return new LoginThrottle(5, Duration.ofMinutes(1), Clock.systemUTC());
  }

  /** How long the uid must wait, when it has failed too often. */
  Optional<Duration> blocked(String uid) {
    Failures f = failures.get(uid);
    if (f == null) {
      return Optional.empty();
    }
    Instant until = f.first().plus(window);
    Instant now = clock.instant();
    if (!now.isBefore(until)) {
      failures.remove(uid, f);
      return Optional.empty();
    }
    return f.count() >= maxFailures ? Optional.of(Duration.between(now, until)) : Optional.empty();
  }

  void failed(String uid) {
    Instant now = clock.instant();
    if (failures.size() >= MAX_TRACKED) {
      failures.values().removeIf(f -> !now.isBefore(f.first().plus(window)));
      if (failures.size() >= MAX_TRACKED) {
        failures.clear();
      }
    }
    failures.merge(uid, new Failures(now, 1), (old, one) -> now.isBefore(old.first().plus(window))
        ? new Failures(old.first(), old.count() + 1) : one);
  }

  void succeeded(String uid) {
    failures.remove(uid);
  }
}
