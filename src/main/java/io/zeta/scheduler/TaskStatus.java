package io.zeta.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One task of an app as the scheduler reports it; {@code state} is a Mesos state such as TASK_RUNNING. */
public record TaskStatus(String id, String state, String host, List<Integer> ports, Optional<Instant> stagedAt,
    Optional<Instant> startedAt, String version, List<HealthCheckResult> healthCheckResults) {
  public TaskStatus {
    ports = List.copyOf(ports);
    healthCheckResults = List.copyOf(healthCheckResults);
  }

  public boolean isRunning() {
    return "TASK_RUNNING".equals(state);
  }

  /** Healthy as Marathon counts it: at least one result, and every result alive. */
  public boolean isHealthy() {
    return !healthCheckResults.isEmpty() && healthCheckResults.stream().allMatch(HealthCheckResult::alive);
  }

  static TaskStatus from(JsonNode n) {
    return new TaskStatus(MarathonFields.text(n, "id"), MarathonFields.text(n, "state"), MarathonFields.text(n, "host"),
        MarathonFields.array(n, "ports").stream().map(JsonNode::asInt).toList(),
        MarathonFields.instant(n, "stagedAt"), MarathonFields.instant(n, "startedAt"),
        MarathonFields.text(n, "version"),
        MarathonFields.array(n, "healthCheckResults").stream().map(HealthCheckResult::from).toList());
  }
}
