package io.zeta.scheduler.embedded;

import java.time.Duration;
import java.time.Instant;

/**
 * Marathon's launch delay: after a task fails the next launch waits {@code backoffSeconds}, and
 * each further failure multiplies the wait by {@code backoffFactor}, up to {@code maxLaunchDelaySeconds}.
 */
final class LaunchBackoff {
  private Duration delay;
  private Instant notBefore = Instant.MIN;

  void failed(Instant now, AppSpec app) {
    long max = (long) (app.maxLaunchDelaySeconds() * 1000);
    long next = delay == null ? (long) (app.backoffSeconds() * 1000) : (long) (delay.toMillis() * app.backoffFactor());
    delay = Duration.ofMillis(Math.min(next, max));
    notBefore = now.plus(delay);
  }

  void reset() {
    delay = null;
    notBefore = Instant.MIN;
  }

  boolean isDelaying() {
    return delay != null;
  }

  boolean allowsLaunch(Instant now) {
    return !now.isBefore(notBefore);
  }

  /** When the next launch may happen; {@link Instant#MIN} when there is no delay. */
  Instant notBefore() {
    return notBefore;
  }

  Duration currentDelay() {
    return delay == null ? Duration.ZERO : delay;
  }
}
