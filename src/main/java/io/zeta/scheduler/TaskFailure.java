package io.zeta.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** Marathon's {@code lastTaskFailure}: the most recent task of the app that ended badly. */
public record TaskFailure(String taskId, String state, String message, Optional<Instant> timestamp, String version) {
  static TaskFailure from(JsonNode n) {
    return new TaskFailure(MarathonFields.text(n, "taskId"), MarathonFields.text(n, "state"),
        MarathonFields.text(n, "message"), MarathonFields.instant(n, "timestamp"), MarathonFields.text(n, "version"));
  }
}
