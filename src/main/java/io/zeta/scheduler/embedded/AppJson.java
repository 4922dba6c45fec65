package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Apps, tasks and deployments as Marathon's API writes them. Called under the supervisor's lock. */
final class AppJson {
  /**
   * Which parts to include besides the definition (Marathon's AppInfo embeds). {@link #resolve}
   * reads the {@code embed} query values as Marathon's InfoEmbedResolver does.
   */
  record Embeds(boolean tasks, boolean counts, boolean deployments, boolean readiness, boolean lastTaskFailure,
      boolean taskStats) {
    static final Embeds NONE = new Embeds(false, false, false, false, false, false);
    static final Embeds ALL = new Embeds(true, true, true, true, true, true);
    /** What GET /v2/apps always embeds. */
    static final Embeds LIST = new Embeds(false, true, true, false, false, false);
    /** What GET /v2/apps/{id} always embeds ("deprecated, for compatibility" in Marathon). */
    static final Embeds SINGLE = new Embeds(true, true, true, false, true, false);
    private static final List<String> PREFIXES = List.of("group.apps.", "apps.", "app.");

    /**
     * Marathon accepts each value with any of its prefixes or none; {@code tasks} brings the
     * deployments too, the deprecated {@code failures} tasks, lastTaskFailure and deployments.
     * Unknown values are ignored (Marathon only logs them).
     */
    static Embeds resolve(Collection<String> values) {
      Embeds out = NONE;
      for (String v : values) {
        String bare = v;
        for (String p : PREFIXES) {
          if (v.startsWith(p)) {
            bare = v.substring(p.length());
            break;
          }
        }
        out = out.or(switch (bare) {
          case "tasks" -> new Embeds(true, false, true, false, false, false);
          case "failures" -> new Embeds(true, false, true, false, true, false);
          case "counts" -> new Embeds(false, true, false, false, false, false);
          case "deployments" -> new Embeds(false, false, true, false, false, false);
          case "readiness" -> new Embeds(false, false, false, true, false, false);
          case "lastTaskFailure" -> new Embeds(false, false, false, false, true, false);
          case "taskStats" -> new Embeds(false, false, false, false, false, true);
          default -> NONE;
        });
      }
      return out;
    }

    Embeds or(Embeds o) {
      return new Embeds(tasks || o.tasks, counts || o.counts, deployments || o.deployments, readiness || o.readiness,
          lastTaskFailure || o.lastTaskFailure, taskStats || o.taskStats);
    }
  }

  private AppJson() {}

  /** The app definition with Marathon's defaults, version and versionInfo, without any embed. */
  static ObjectNode definition(ObjectNode definition, AppSpec spec, String version, String lastScalingAt,
      String lastConfigChangeAt) {
    ObjectNode out = definition.deepCopy();
    fillDefaults(out, spec);
    out.put("version", version);
    ObjectNode versionInfo = out.putObject("versionInfo");
    versionInfo.put("lastScalingAt", lastScalingAt);
    versionInfo.put("lastConfigChangeAt", lastConfigChangeAt);
    return out;
  }

  static ObjectNode app(ManagedApp app, List<Deployment> deployments, Embeds embeds) {
    ObjectNode out = definition(app.definition, app.spec, app.version, app.lastScalingAt, app.lastConfigChangeAt);
    if (embeds.counts()) {
      counts(out, app.tasks, "tasks");
    }
    if (embeds.deployments()) {
      ArrayNode ids = out.putArray("deployments");
      deployments.forEach(d -> ids.addObject().put("id", d.id));
    }
    if (embeds.readiness()) {
      // The agent has no readiness checks, so there are never results.
      out.putArray("readinessCheckResults");
    }
    if (embeds.tasks()) {
      ArrayNode tasks = out.putArray("tasks");
      app.tasks.forEach(t -> tasks.add(task(t, servicePorts(app.spec))));
    }
    if (embeds.lastTaskFailure() && app.lastTaskFailure != null) {
      out.set("lastTaskFailure", app.lastTaskFailure.deepCopy());
    }
    if (embeds.taskStats()) {
      out.set("taskStats", taskStats(app));
    }
    return out;
  }

  /** The body of a successful POST: the app, zero counts and its new deployment. */
  static ObjectNode created(ManagedApp app, Deployment deployment) {
    ObjectNode out = app(app, List.of(deployment), new Embeds(false, false, true, false, false, false));
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

  /** GET /v2/deployments: the agent runs all actions of a deployment in one step. */
  static ObjectNode deployment(Deployment d) {
    ObjectNode out = Json.object();
    out.put("id", d.id);
    out.put("version", d.version);
    ArrayNode affected = out.putArray("affectedApps");
    d.actions.forEach(a -> affected.add(a.app().id.toString()));
    out.putArray("affectedPods");
    ArrayNode steps = out.putArray("steps");
    ArrayNode current = out.putArray("currentActions");
    if (!d.actions.isEmpty()) {
      ArrayNode stepActions = steps.addObject().putArray("actions");
      for (Deployment.Action a : d.actions) {
        ObjectNode action = Json.object();
        action.put("action", a.action());
        action.put("app", a.app().id.toString());
        stepActions.add(action.deepCopy());
        action.putArray("readinessCheckResults");
        current.add(action);
      }
    }
    out.put("currentStep", d.actions.isEmpty() ? 0 : 1);
    out.put("totalSteps", d.actions.isEmpty() ? 0 : 1);
    return out;
  }

  /** An app's service ports: its port definitions' ports, assigned by {@link ServicePorts}. */
  static List<Integer> servicePorts(AppSpec spec) {
    return spec.portDefinitions().stream().map(PortDefinition::port).toList();
  }

  static ObjectNode task(LocalTask t, List<Integer> servicePorts) {
    ObjectNode out = Json.object();
    out.put("id", t.id);
    out.put("appId", t.appId.toString());
    out.put("host", TaskEnvironment.HOST);
    ArrayNode ports = out.putArray("ports");
    t.ports.forEach(ports::add);
    ArrayNode service = out.putArray("servicePorts");
    servicePorts.forEach(service::add);
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

  /**
   * Marathon's text/plain task list (EndpointsHelper): per app and service port one line of the
   * app's safe path, the service port and each task's host:port, separated by {@code delimiter}.
   */
  static void endpoints(StringBuilder out, ManagedApp app, String delimiter) {
    List<Integer> service = servicePorts(app.spec);
    String name = app.id.safePath();
    if (service.isEmpty()) {
      out.append(name).append(delimiter).append(' ').append(delimiter);
      app.tasks.forEach(t -> out.append(TaskEnvironment.HOST).append(delimiter));
      out.append('\n');
      return;
    }
    for (int i = 0; i < service.size(); i++) {
      out.append(name).append(delimiter).append(service.get(i)).append(delimiter);
      for (LocalTask t : app.tasks) {
        if (i < t.ports.size()) {
          out.append(TaskEnvironment.HOST).append(':').append(t.ports.get(i)).append(delimiter);
        }
      }
      out.append('\n');
    }
  }

  /**
   * Marathon's taskStats: counts and life times of the tasks started since the last scaling, of
   * those with the current and with an outdated configuration, and of all; empty groups left out.
   */
  private static ObjectNode taskStats(ManagedApp app) {
    ObjectNode out = Json.object();
    Instant lastScaling = Instant.parse(app.lastScalingAt);
    putStats(out, "startedAfterLastScaling",
        app.tasks.stream().filter(t -> !t.stagedAt.isBefore(lastScaling)).toList());
    putStats(out, "withLatestConfig",
        app.tasks.stream().filter(t -> t.configVersion.equals(app.lastConfigChangeAt)).toList());
    putStats(out, "withOutdatedConfig",
        app.tasks.stream().filter(t -> !t.configVersion.equals(app.lastConfigChangeAt)).toList());
    putStats(out, "totalSummary", app.tasks);
    return out;
  }

  private static void putStats(ObjectNode out, String field, List<LocalTask> tasks) {
    if (tasks.isEmpty()) {
      return;
    }
    ObjectNode stats = out.putObject(field).putObject("stats");
    ObjectNode counts = stats.putObject("counts");
    counts(counts, tasks, "");
    Instant now = Instant.now();
    List<Double> lives = tasks.stream().filter(t -> t.startedAt != null)
        .map(t -> Duration.between(t.startedAt, now).toMillis() / 1000.0).sorted().toList();
    if (!lives.isEmpty()) {
      ObjectNode life = stats.putObject("lifeTime");
      life.put("averageSeconds", lives.stream().mapToDouble(Double::doubleValue).average().orElse(0));
      int n = lives.size();
      life.put("medianSeconds", n % 2 == 1 ? lives.get(n / 2) : (lives.get(n / 2 - 1) + lives.get(n / 2)) / 2);
    }
  }

  /** tasksStaged/Running/Healthy/Unhealthy, or staged/running/healthy/unhealthy with an empty prefix. */
  private static void counts(ObjectNode out, List<LocalTask> tasks, String prefix) {
    out.put(name(prefix, "staged"), tasks.stream().filter(t -> t.state == TaskState.TASK_STAGING).count());
    out.put(name(prefix, "running"), tasks.stream().filter(t -> t.state == TaskState.TASK_RUNNING).count());
    out.put(name(prefix, "healthy"), tasks.stream().filter(LocalTask::isHealthy).count());
    out.put(name(prefix, "unhealthy"), tasks.stream().filter(LocalTask::isUnhealthy).count());
  }

  private static String name(String prefix, String field) {
    return prefix.isEmpty() ? field : prefix + Character.toUpperCase(field.charAt(0)) + field.substring(1);
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

  private static void putTime(ObjectNode out, String field, Instant at) {
    if (at == null) {
      out.putNull(field);
    } else {
      out.put(field, MarathonTime.format(at));
    }
  }

  /** Marathon answers with every field set; the stored definition keeps only what was given. */
  private static void fillDefaults(ObjectNode out, AppSpec s) {
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
