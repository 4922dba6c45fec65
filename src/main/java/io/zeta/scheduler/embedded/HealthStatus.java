package io.zeta.scheduler.embedded;

import java.time.Instant;

/** The running tally of one health check of one task; guarded by the supervisor's lock. */
final class HealthStatus {
  boolean hasResult;
  boolean alive;
  int consecutiveFailures;
  Instant firstSuccess;
  Instant lastSuccess;
  Instant lastFailure;
  String lastFailureCause;

  void success(Instant now) {
    hasResult = true;
    alive = true;
    consecutiveFailures = 0;
    if (firstSuccess == null) {
      firstSuccess = now;
    }
    lastSuccess = now;
  }

  void failure(Instant now, String cause) {
    hasResult = true;
    alive = false;
    consecutiveFailures++;
    lastFailure = now;
    lastFailureCause = cause;
  }
}
