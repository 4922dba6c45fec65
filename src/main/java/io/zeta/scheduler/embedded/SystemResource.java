package io.zeta.scheduler.embedded;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.MetricsJson;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.function.IntSupplier;

/**
 * The server's own resources: {@code /ping}, {@code /v2/info}, {@code /v2/leader}, {@code /metrics}.
 *
 * <p>{@code /v2/info} has exactly Marathon's top-level keys, and in its objects only keys Marathon
 * has: marathon-python builds objects from them with keyword arguments and fails on any unknown
 * key, at the top level and inside {@code marathon_config}, {@code zookeeper_config} and
 * {@code http_config} alike. Agent facts beyond Marathon's belong in a Zeta resource, not here.
 */
final class SystemResource implements Resource {
  static final String VERSION = "1.7.0-zeta";

  private final AppSupervisor supervisor;
  private final IntSupplier port;
  private final MetricRegistry metrics;

  SystemResource(AppSupervisor supervisor, IntSupplier port, MetricRegistry metrics) {
    this.supervisor = supervisor;
    this.port = port;
    this.metrics = metrics;
    long started = System.currentTimeMillis();
    metrics.register("service.mesosphere.marathon.uptime", (Gauge<Long>) () -> System.currentTimeMillis() - started);
    metrics.register("service.mesosphere.marathon.app.count", (Gauge<Integer>) supervisor::appCount);
    metrics.register("service.mesosphere.marathon.task.running.count",
        (Gauge<Integer>) supervisor::runningTaskCount);
    metrics.register("service.mesosphere.marathon.task.staged.count", (Gauge<Integer>) supervisor::stagedTaskCount);
    metrics.register("service.mesosphere.marathon.deployments.active",
        (Gauge<Integer>) () -> supervisor.deploymentsJson().size());
    metrics.register("service.mesosphere.marathon.event-stream.subscribers",
        (Gauge<Integer>) supervisor.events.bus::subscriberCount);
    metrics.register("service.mesosphere.marathon.event-stream.published",
        (Gauge<Long>) supervisor.events.bus::publishedCount);
    // Zeta's own state is in gauges, not in /v2/info: marathon-python builds its info objects from
    // the keys, the nested ones too, and fails on any key Marathon does not send.
    metrics.register("zeta.agent.recovery", (Gauge<ObjectNode>) supervisor::recoveryJson);
    metrics.register("zeta.agent.resources", (Gauge<ObjectNode>) supervisor::resourcesJson);
    metrics.register("jvm.memory.heap.used", (Gauge<Long>) () -> heap().getUsed());
    metrics.register("jvm.memory.heap.max", (Gauge<Long>) () -> heap().getMax());
    metrics.register("jvm.threads.count", (Gauge<Integer>) () -> ManagementFactory.getThreadMXBean().getThreadCount());
  }

  private static MemoryUsage heap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
  }

  @Override
  public void register(Routes routes) {
    routes.get("/ping", r -> Response.text(200, "pong"))
        .get("/v2/info", r -> Response.json(200, info()))
        .get("/v2/leader", r -> Response.json(200, Json.object().put("leader", leader())))
        // A single non-HA Marathon abdicates and, alone, is elected again: the leader stays this one.
        .delete("/v2/leader", r -> Response.json(200, Json.object().put("message", "Leadership abdicated")))
        .get("/metrics", r -> Response.json(200, MetricsJson.of(metrics)));
  }

  private String leader() {
    return "127.0.0.1:" + port.getAsInt();
  }

  private ObjectNode info() {
    int p = port.getAsInt();
    ObjectNode info = Json.object();
    info.put("name", "zeta-agent");
    info.put("version", VERSION);
    info.put("buildref", "embedded");
    info.put("elected", true);
    info.put("leader", leader());
    info.put("frameworkId", AgentEvents.AGENT_ID);
    ObjectNode marathon = info.putObject("marathon_config");
    marathon.put("master", "local");
    marathon.putNull("failover_timeout");
    marathon.put("framework_name", "zeta-agent");
    marathon.put("ha", false);
    marathon.put("checkpoint", true);
    marathon.put("local_port_min", 10000);
    marathon.put("local_port_max", 20000);
    marathon.put("executor", "//cmd");
    marathon.put("hostname", "127.0.0.1");
    marathon.putNull("webui_url");
    marathon.putNull("mesos_role");
    marathon.put("task_launch_timeout", 300000);
    marathon.put("mesos_user", System.getProperty("user.name"));
    marathon.putNull("mesos_leader_ui_url");
    // Marathon's feature flags that hold here: tasks being stopped show as TASK_KILLING.
    marathon.putArray("features").add("task_killing");
    ObjectNode zk = info.putObject("zookeeper_config");
    // No ZooKeeper: the agent keeps its state in its work directory.
    zk.putNull("zk");
    zk.putNull("zk_timeout");
    zk.putNull("zk_session_timeout");
    zk.putNull("zk_max_versions");
    ObjectNode http = info.putObject("http_config");
    http.put("http_port", p);
    http.putNull("https_port");
    info.putNull("event_subscriber");
    return info;
  }
}
