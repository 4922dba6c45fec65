package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.scheduler.AppId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of a (validated) app definition that running it needs, with Marathon's defaults. */
record AppSpec(AppId id, String cmd, List<String> args, int instances, double cpus, double mem, double disk, int gpus,
    Map<String, String> env, Map<String, String> labels, List<PortDefinition> portDefinitions, boolean requirePorts,
    List<Artifact> fetch, List<HealthCheckSpec> healthChecks, double backoffSeconds, double backoffFactor,
    double maxLaunchDelaySeconds, Duration killGracePeriod, boolean killOldestFirst, String user,
    ContainerSpec container) {

  static AppSpec from(ObjectNode app, Duration defaultKillGrace) {
    List<String> args = null;
    if (app.hasNonNull("args")) {
      args = new ArrayList<>();
      for (JsonNode a : app.get("args")) {
        args.add(a.asText());
      }
    }
    Duration grace = app.hasNonNull("taskKillGracePeriodSeconds")
        ? Duration.ofMillis((long) (app.get("taskKillGracePeriodSeconds").asDouble() * 1000)) : defaultKillGrace;
    return new AppSpec(AppId.parse(app.path("id").asText()).canonical(),
        app.hasNonNull("cmd") ? app.get("cmd").asText() : null, args,
        app.path("instances").asInt(1),
        app.path("cpus").asDouble(1), app.path("mem").asDouble(128), app.path("disk").asDouble(0),
        app.path("gpus").asInt(0),
        strings(app.get("env")), strings(app.get("labels")), ports(app), app.path("requirePorts").asBoolean(false),
        artifacts(app), healthChecks(app.get("healthChecks")),
        app.path("backoffSeconds").asDouble(1), app.path("backoffFactor").asDouble(1.15),
        app.path("maxLaunchDelaySeconds").asDouble(300), grace,
        "OLDEST_FIRST".equals(app.path("killSelection").asText()),
        app.hasNonNull("user") ? app.get("user").asText() : null, ContainerSpec.from(app));
  }

  /** A container task's ports come from its port mappings (BRIDGE, USER), not from portDefinitions. */
  private boolean mapsPorts() {
    return container != null && container.mapsPorts();
  }

  /** The host ports a task asks for, in order: a mapping's hostPort, else a port definition's port. */
  List<PortDefinition> hostPortRequests() {
    if (!mapsPorts()) {
      return portDefinitions;
    }
    return container.published().stream().map(m -> new PortDefinition(m.hostPort(), m.name())).toList();
  }

  /** Whether a non-zero port of {@link #hostPortRequests} is that very host port (a mapping's always is). */
  boolean fixedHostPorts() {
    return requirePorts || mapsPorts();
  }

  /** The ports the task's PORT_n variables are named after: the container ports of mappings (0: the host port's). */
  List<PortDefinition> envPorts() {
    if (!mapsPorts()) {
      return portDefinitions;
    }
    return container.published().stream().map(m -> new PortDefinition(m.containerPort(), m.name())).toList();
  }

  boolean hasHealthChecks() {
    return !healthChecks.isEmpty();
  }

  private static Map<String, String> strings(JsonNode obj) {
    Map<String, String> out = new LinkedHashMap<>();
    if (obj != null && obj.isObject()) {
      obj.fields().forEachRemaining(e -> {
        if (e.getValue().isTextual()) {
          out.put(e.getKey(), e.getValue().asText());
        }
      });
    }
    return out;
  }

  /** portDefinitions, else the legacy ports, else Marathon's default of one dynamic port. */
  private static List<PortDefinition> ports(ObjectNode app) {
    List<PortDefinition> out = new ArrayList<>();
    ContainerSpec c = ContainerSpec.from(app);
    if (c != null && c.mapsPorts()) {
      // Marathon lists no port definitions for apps on container networks.
      return out;
    }
    if (app.hasNonNull("portDefinitions")) {
      for (JsonNode d : app.get("portDefinitions")) {
        out.add(new PortDefinition(d.path("port").asInt(0), d.hasNonNull("name") ? d.get("name").asText() : null));
      }
    } else if (app.hasNonNull("ports")) {
      for (JsonNode p : app.get("ports")) {
        out.add(new PortDefinition(p.asInt(), null));
      }
    } else {
      out.add(new PortDefinition(0, null));
    }
    return out;
  }

  private static List<Artifact> artifacts(ObjectNode app) {
    List<Artifact> out = new ArrayList<>();
    if (app.hasNonNull("fetch")) {
      for (JsonNode f : app.get("fetch")) {
        out.add(new Artifact(f.path("uri").asText(), f.path("extract").asBoolean(true),
            f.path("executable").asBoolean(false), f.path("cache").asBoolean(false),
            f.hasNonNull("destPath") ? f.get("destPath").asText() : null));
      }
    } else if (app.hasNonNull("uris")) {
      for (JsonNode u : app.get("uris")) {
        out.add(Artifact.fromLegacyUri(u.asText()));
      }
    }
    return out;
  }

  private static List<HealthCheckSpec> healthChecks(JsonNode checks) {
    List<HealthCheckSpec> out = new ArrayList<>();
    if (checks != null && checks.isArray()) {
      checks.forEach(c -> out.add(HealthCheckSpec.from(c)));
    }
    return out;
  }
}
