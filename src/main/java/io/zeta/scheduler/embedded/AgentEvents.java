package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.util.Map;

/**
 * Marathon's events, built from the supervisor's objects with the fields Marathon 1.x sends
 * ({@code core/event/Events.scala}); each method is one publication. Called under the supervisor's
 * lock, so it reads its objects directly; the JSON is built only when the stream has subscribers.
 */
final class AgentEvents {
  static final String AGENT_ID = "zeta-agent";
  private static final Map<TaskState, String> CONDITIONS = Map.of(
      TaskState.TASK_STAGING, "Staging", TaskState.TASK_RUNNING, "Running",
      TaskState.TASK_KILLING, "Killing", TaskState.TASK_FINISHED, "Finished", TaskState.TASK_FAILED, "Failed",
      TaskState.TASK_KILLED, "Killed");

  final EventBus bus = new EventBus();

  /** A task's new state: {@code status_update_event}, then {@code instance_changed_event}. */
  void taskChanged(LocalTask t, boolean appRetiring) {
    String state = t.state.name();
    bus.publish("status_update_event", () -> {
      ObjectNode e = Json.object();
      e.put("slaveId", AGENT_ID);
      e.put("taskId", t.id);
      e.put("taskStatus", state);
      e.put("message", t.failureMessage == null ? "" : t.failureMessage);
      e.put("appId", t.appId.toString());
      e.put("host", TaskEnvironment.HOST);
      ObjectNode ip = e.putArray("ipAddresses").addObject();
      ip.put("ipAddress", TaskEnvironment.HOST);
      ip.put("protocol", "IPv4");
      ArrayNode ports = e.putArray("ports");
      t.ports.forEach(ports::add);
      e.put("version", t.version);
      return e;
    });
    String condition = CONDITIONS.getOrDefault(t.state, "Unknown");
    String goal = appRetiring ? "Decommissioned" : t.killReason != null ? "Stopped" : "Running";
    bus.publish("instance_changed_event", () -> {
      ObjectNode e = Json.object();
      e.put("instanceId", t.id);
      e.put("condition", condition);
      e.put("runSpecId", t.appId.toString());
      e.put("agentId", AGENT_ID);
      e.put("host", TaskEnvironment.HOST);
      e.put("runSpecVersion", t.version);
      e.put("goal", goal);
      return e;
    });
  }

  /** {@code health_status_changed_event}: the task turned healthy or unhealthy. */
  void healthChanged(LocalTask t, boolean alive) {
    bus.publish("health_status_changed_event", () -> {
      ObjectNode e = Json.object();
      e.put("appId", t.appId.toString());
      e.put("taskId", t.id);
      e.put("instanceId", t.id);
      e.put("version", t.version);
      e.put("alive", alive);
      return e;
    });
  }

  /** {@code api_post_event}: a change of an app through the API. */
  void apiPost(String clientIp, String uri, ObjectNode appDefinition) {
    bus.publish("api_post_event", () -> {
      ObjectNode e = Json.object();
      e.put("clientIp", clientIp);
      e.put("uri", uri);
      e.set("appDefinition", appDefinition.deepCopy());
      return e;
    });
  }

  /** {@code deployment_info}: a deployment started (its one step is under way). */
  void deploymentStarted(Deployment d) {
    bus.publish("deployment_info", () -> {
      ObjectNode e = Json.object();
      e.set("plan", plan(d));
      e.set("currentStep", step(d));
      return e;
    });
  }

  /** The deployment reached its goal: its step, (for a stop) the app's end, then the deployment. */
  void deploymentSucceeded(Deployment d) {
    bus.publish("deployment_step_success", () -> {
      ObjectNode e = Json.object();
      e.set("plan", plan(d));
      e.set("currentStep", step(d));
      return e;
    });
    for (Deployment.Action a : d.actions) {
      if (a.action().equals("StopApplication")) {
        bus.publish("app_terminated_event", () -> {
          ObjectNode e = Json.object();
          e.put("appId", a.app().id.toString());
          return e;
        });
      }
    }
    bus.publish("deployment_success", () -> {
      ObjectNode e = Json.object();
      e.put("id", d.id);
      e.set("plan", plan(d));
      return e;
    });
  }

  /** {@code deployment_failed}: the deployment was cancelled (by a forced change) before its goal. */
  void deploymentFailed(Deployment d, String reason) {
    bus.publish("deployment_failed", () -> {
      ObjectNode e = Json.object();
      e.put("id", d.id);
      e.set("plan", plan(d));
      e.put("reason", reason);
      return e;
    });
  }

  /** {@code event_stream_attached} / {@code event_stream_detached}. */
  void stream(boolean attached, String remoteAddress) {
    bus.publish(attached ? "event_stream_attached" : "event_stream_detached", () -> {
      ObjectNode e = Json.object();
      e.put("remoteAddress", remoteAddress);
      return e;
    });
  }

  /**
   * Marathon's deployment plan. Its {@code original} and {@code target} are root groups holding
   * the affected apps only (not the whole tree): an app the deployment starts is absent from the
   * original, one it stops from the target; the original holds each app as it was before.
   */
  private static ObjectNode plan(Deployment d) {
    ObjectNode p = Json.object();
    p.put("id", d.id);
    ArrayNode original = Json.MAPPER.createArrayNode();
    ArrayNode target = Json.MAPPER.createArrayNode();
    for (Deployment.Action a : d.actions) {
      if (!a.action().equals("StartApplication")) {
        ObjectNode app = (a.before() != null ? a.before().definition() : a.app().definition).deepCopy();
        app.put("version", a.before() != null ? a.before().version() : a.app().version);
        original.add(app);
      }
      if (!a.action().equals("StopApplication")) {
        ObjectNode app = a.app().definition.deepCopy();
        app.put("version", a.app().version);
        target.add(app);
      }
    }
    p.set("original", group(d, original));
    p.set("target", group(d, target));
    p.putArray("steps").add(step(d));
    p.put("version", d.version);
    return p;
  }

  private static ObjectNode group(Deployment d, ArrayNode apps) {
    ObjectNode g = Json.object();
    g.put("id", "/");
    g.set("apps", apps);
    g.putArray("groups");
    g.putArray("pods");
    g.putArray("dependencies");
    g.put("version", d.version);
    return g;
  }

  private static ObjectNode step(Deployment d) {
    ObjectNode step = Json.object();
    ArrayNode actions = step.putArray("actions");
    for (Deployment.Action a : d.actions) {
      ObjectNode action = actions.addObject();
      action.put("action", a.action());
      action.put("app", a.app().id.toString());
    }
    return step;
  }
}
