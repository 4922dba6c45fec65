package io.zeta.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** The latest outcome of one health check of one task. */
public record HealthCheckResult(boolean alive, int consecutiveFailures, Optional<Instant> firstSuccess,
    Optional<Instant> lastSuccess, Optional<Instant> lastFailure, String lastFailureCause) {

  static HealthCheckResult from(JsonNode n) {
    return new HealthCheckResult(n.path("alive").asBoolean(false), MarathonFields.integer(n, "consecutiveFailures", 0),
        MarathonFields.instant(n, "firstSuccess"), MarathonFields.instant(n, "lastSuccess"),
        MarathonFields.instant(n, "lastFailure"), MarathonFields.text(n, "lastFailureCause"));
  }
}
