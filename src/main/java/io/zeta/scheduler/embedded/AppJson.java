package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;
import java.time.Instant;
import java.util.List;

/** Apps, tasks and deployments as Marathon's API writes them. Called under the supervisor's lock. */
final class AppJson {
  /** Which parts to include besides the definition (Marathon's {@code embed} values). */
  record Embeds(boolean tasks, boolean counts, boolean deployments, boolean lastTaskFailure) {
    static final Embeds ALL = new Embeds(true, true, true, true);
  }

  private AppJson() {}

  static ObjectNode app(ManagedApp app, List<Deployment> deployments, Embeds embeds) {
    ObjectNode out = app.definition.deepCopy();
    fillDefaults(out, app);
    out.put("version", app.version);
    ObjectNode versionInfo = out.putObject("versionInfo");
    versionInfo.put("lastScalingAt", app.lastScalingAt);
    versionInfo.put("lastConfigChangeAt", app.lastConfigChangeAt);
    if (embeds.counts()) {
      out.put("tasksStaged", count(app, TaskState.TASK_STAGING));
      out.put("tasksRunning", count(app, TaskState.TASK_RUNNING));
      out.put("tasksHealthy", app.tasks.stream().filter(LocalTask::isHealthy).count());
      out.put("tasksUnhealthy", app.tasks.stream().filter(LocalTask::isUnhealthy).count());
    }
    if (embeds.deployments()) {
      ArrayNode ids = out.putArray("deployments");
      deployments.forEach(d -> ids.addObject().put("id", d.id));
    }
    if (embeds.tasks()) {
      ArrayNode tasks = out.putArray("tasks");
      app.tasks.forEach(t -> tasks.add(task(t)));
    }
    if (embeds.lastTaskFailure() && app.lastTaskFailure != null) {
      out.set("lastTaskFailure", app.lastTaskFailure.deepCopy());
    }
    return out;
  }

  /** The body of a successful POST: the app, zero counts and its new deployment. */
  static ObjectNode created(ManagedApp app, Deployment deployment) {
    ObjectNode out = app(app, List.of(deployment), new Embeds(false, false, true, false));
    out.put("tasksStaged", 0);
    out.put("tasksRunning", 0);
    out.put("tasksHealthy", 0);
    out.put("tasksUnhealthy", 0);
    return out;
  }

  static ObjectNode deploymentResult(Deployment d) {
    ObjectNode out = Json.object();
    out.put("deploymentId", d.id);
    out.put("version", d.version);
    return out;
  }

  static ObjectNode deployment(Deployment d) {
    ObjectNode out = Json.object();
    out.put("id", d.id);
    out.put("version", d.version);
    out.putArray("affectedApps").add(d.app.id.toString());
    out.putArray("affectedPods");
    ObjectNode action = Json.object();
    action.put("action", d.action);
    action.put("app", d.app.id.toString());
    out.putArray("steps").addObject().putArray("actions").add(action.deepCopy());
    action.putArray("readinessCheckResults");
    out.putArray("currentActions").add(action);
    out.put("currentStep", 1);
    out.put("totalSteps", 1);
    return out;
  }

  static ObjectNode task(LocalTask t) {
    ObjectNode out = Json.object();
    out.put("id", t.id);
    out.put("appId", t.appId.toString());
    out.put("host", TaskEnvironment.HOST);
    ArrayNode ports = out.putArray("ports");
    t.ports.forEach(ports::add);
    out.put("state", t.state.name());
    out.put("stagedAt", MarathonTime.format(t.stagedAt));
    putTime(out, "startedAt", t.startedAt);
    out.put("version", t.version);
    out.put("slaveId", "zeta-agent");
    ObjectNode ip = out.putArray("ipAddresses").addObject();
    ip.put("ipAddress", TaskEnvironment.HOST);
    ip.put("protocol", "IPv4");
    ArrayNode results = out.putArray("healthCheckResults");
    for (HealthStatus h : t.health) {
      if (!h.hasResult) {
        continue;
      }
      ObjectNode r = results.addObject();
      r.put("taskId", t.id);
      r.put("alive", h.alive);
      r.put("consecutiveFailures", h.consecutiveFailures);
      putTime(r, "firstSuccess", h.firstSuccess);
      putTime(r, "lastSuccess", h.lastSuccess);
      putTime(r, "lastFailure", h.lastFailure);
      if (h.lastFailureCause == null) {
        r.putNull("lastFailureCause");
      } else {
        r.put("lastFailureCause", h.lastFailureCause);
      }
    }
    return out;
  }

  static ObjectNode taskFailure(AppId appId, String taskId, String version, TaskState state, String message,
      Instant at) {
    ObjectNode out = Json.object();
    out.put("appId", appId.toString());
    out.put("host", TaskEnvironment.HOST);
    out.put("message", message);
    out.put("state", state.name());
    out.put("taskId", taskId);
    out.put("timestamp", MarathonTime.format(at));
    out.put("version", version);
    out.put("slaveId", "zeta-agent");
    return out;
  }

  private static long count(ManagedApp app, TaskState state) {
    return app.tasks.stream().filter(t -> t.state == state).count();
  }

  private static void putTime(ObjectNode out, String field, Instant at) {
    if (at == null) {
      out.putNull(field);
    } else {
      out.put(field, MarathonTime.format(at));
    }
  }

  /** Marathon answers with every field set; the stored definition keeps only what was given. */
  private static void fillDefaults(ObjectNode out, ManagedApp app) {
    AppSpec s = app.spec;
    out.put("instances", s.instances());
    out.put("cpus", s.cpus());
    out.put("mem", s.mem());
    out.put("disk", s.disk());
    out.put("gpus", s.gpus());
    putIfAbsent(out, "env", Json.object());
    putIfAbsent(out, "labels", Json.object());
    putIfAbsent(out, "constraints", Json.MAPPER.createArrayNode());
    putIfAbsent(out, "healthChecks", Json.MAPPER.createArrayNode());
    if (!out.hasNonNull("fetch") && !out.hasNonNull("uris")) {
      out.putArray("fetch");
    }
    out.put("backoffSeconds", s.backoffSeconds());
    out.put("backoffFactor", s.backoffFactor());
    out.put("maxLaunchDelaySeconds", s.maxLaunchDelaySeconds());
    out.put("requirePorts", s.requirePorts());
    out.put("killSelection", s.killOldestFirst() ? "OLDEST_FIRST" : "YOUNGEST_FIRST");
    if (!out.hasNonNull("portDefinitions")) {
      ArrayNode defs = out.putArray("portDefinitions");
      for (PortDefinition p : s.portDefinitions()) {
        ObjectNode d = defs.addObject();
        d.put("port", p.port());
        d.put("protocol", "tcp");
        if (p.name() != null) {
          d.put("name", p.name());
        }
      }
    }
    if (!out.hasNonNull("upgradeStrategy")) {
      ObjectNode u = out.putObject("upgradeStrategy");
      u.put("minimumHealthCapacity", 1);
      u.put("maximumOverCapacity", 1);
    }
  }

  private static void putIfAbsent(ObjectNode out, String field, com.fasterxml.jackson.databind.JsonNode value) {
    if (!out.hasNonNull(field)) {
      out.set(field, value);
    }
  }
}
