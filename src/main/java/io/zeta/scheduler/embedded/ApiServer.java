package io.zeta.scheduler.embedded;

import com.codahale.metrics.MetricRegistry;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestMetrics;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.http.WebServer;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The agent's HTTP API: Marathon's REST v2 resources on Zeta's {@link WebServer}. A new Marathon
 * resource is one {@link Resource} class added to {@link #resources}; the server's plumbing
 * (limits, authentication, Host check) lives in {@code io.zeta.http}.
 */
final class ApiServer implements AutoCloseable {
  private final WebServer server;
  private final EventsResource events;

  ApiServer(int port, ApiSettings settings, Optional<String> token, AppSupervisor supervisor, GroupStore groups)
      throws IOException {
    MetricRegistry metrics = new MetricRegistry();
    int[] boundPort = new int[1];
    IntSupplier portOf = () -> boundPort[0];
    events = new EventsResource(supervisor.events, settings.eventHeartbeat());
    Routes routes = new Routes();
    resources(supervisor, groups, portOf, metrics).forEach(routes::add);
    routes.add(events);
    HttpServerConfig http = HttpServerConfig.loopback(port).withToken(token.orElse(null)).withRealm("zeta-agent")
        .withMaxBodyBytes(settings.maxBodyBytes());
    server = WebServer.start(http, routes,
        new RequestMetrics(metrics, "org.eclipse.jetty.servlet.ServletContextHandler").andThen(new AuditLog()));
    boundPort[0] = server.port();
  }

  /** Every resource the agent serves (besides the event stream). */
  private static List<Resource> resources(AppSupervisor supervisor, GroupStore groups, IntSupplier port,
      MetricRegistry metrics) {
    return List.of(
        new SystemResource(supervisor, port, metrics),
        new AppsResource(supervisor),
        new AppTasksResource(supervisor),
        new AppVersionsResource(supervisor),
        new TasksResource(supervisor),
        new DeploymentsResource(supervisor),
        new GroupsResource(supervisor, groups),
        new UnsupportedResource(),
        new QueueResource(supervisor));
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    events.close();
    server.close();
  }
}
