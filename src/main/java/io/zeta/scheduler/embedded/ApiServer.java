package io.zeta.scheduler.embedded;

import io.zeta.http.HttpServerConfig;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.http.WebServer;
import java.io.IOException;
import java.util.List;

/**
 * The agent's HTTP API: Marathon's REST v2 resources on Zeta's {@link WebServer}. A new Marathon
 * resource is one {@link Resource} class added to {@link #resources}; the server's plumbing
 * (limits, authentication, Host check) lives in {@code io.zeta.http}.
 */
final class ApiServer implements AutoCloseable {
  private final WebServer server;

  ApiServer(HttpServerConfig http, AppSupervisor supervisor) throws IOException {
    Routes routes = new Routes();
    int[] port = new int[1];
    resources(supervisor, () -> port[0]).forEach(routes::add);
    server = WebServer.start(http, routes, io.zeta.http.RequestLog.NONE);
    port[0] = server.port();
  }

  /** Every resource the agent serves. */
  private static List<Resource> resources(AppSupervisor supervisor, java.util.function.IntSupplier port) {
    return List.of(
        new SystemResource(supervisor, port),
        new AppsResource(supervisor),
        new DeploymentsResource(supervisor),
        new QueueResource(supervisor));
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
