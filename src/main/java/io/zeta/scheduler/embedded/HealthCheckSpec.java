package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** One of an app's {@code healthChecks}, with Marathon's defaults filled in. */
record HealthCheckSpec(Protocol protocol, String path, int portIndex, Integer port, String command,
    Duration gracePeriod, Duration interval, Duration timeout, int maxConsecutiveFailures) {

  /** How a check is made here; Mesos-side checks (MESOS_*) are made the same way as Marathon-side ones. */
  enum Protocol { HTTP, HTTPS, TCP, COMMAND }

  static HealthCheckSpec from(JsonNode n) {
    String p = n.path("protocol").asText("HTTP");
    Protocol protocol = switch (p) {
      case "HTTPS", "MESOS_HTTPS" -> Protocol.HTTPS;
      case "TCP", "MESOS_TCP" -> Protocol.TCP;
      case "COMMAND" -> Protocol.COMMAND;
      default -> Protocol.HTTP;
    };
    JsonNode command = n.path("command").path("value");
    return new HealthCheckSpec(protocol, n.path("path").asText("/"), n.path("portIndex").asInt(0),
        n.hasNonNull("port") ? n.get("port").asInt() : null, command.isTextual() ? command.asText() : null,
        Duration.ofSeconds(n.path("gracePeriodSeconds").asLong(300)),
        Duration.ofSeconds(n.path("intervalSeconds").asLong(60)),
        Duration.ofSeconds(n.path("timeoutSeconds").asLong(20)),
        n.path("maxConsecutiveFailures").asInt(3));
  }
}
