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
    if (d.action.equals("StopApplication")) {
      bus.publish("app_terminated_event", () -> {
        ObjectNode e = Json.object();
        e.put("appId", d.app.id.toString());
        return e;
      });
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
   * the affected app only (not the whole tree): before a start it is absent from the original,
   * after a stop from the target.
   */
  private static ObjectNode plan(Deployment d) {
    ObjectNode p = Json.object();
    p.put("id", d.id);
    p.set("original", group(d, !d.action.equals("StartApplication")));
    p.set("target", group(d, !d.action.equals("StopApplication")));
    p.putArray("steps").add(step(d));
    p.put("version", d.version);
    return p;
  }

  private static ObjectNode group(Deployment d, boolean withApp) {
    ObjectNode g = Json.object();
    g.put("id", "/");
    ArrayNode apps = g.putArray("apps");
    if (withApp) {
      ObjectNode app = d.app.definition.deepCopy();
      app.put("version", d.app.version);
      apps.add(app);
    }
    g.putArray("groups");
    g.putArray("pods");
    g.putArray("dependencies");
    g.put("version", d.version);
    return g;
  }

  private static ObjectNode step(Deployment d) {
    ObjectNode step = Json.object();
    ObjectNode action = step.putArray("actions").addObject();
    action.put("action", d.action);
    action.put("app", d.app.id.toString());
    return step;
  }
}
