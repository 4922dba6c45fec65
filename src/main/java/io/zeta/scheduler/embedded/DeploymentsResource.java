package io.zeta.scheduler.embedded;

import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;

/** Marathon's {@code /v2/deployments}. */
final class DeploymentsResource implements Resource {
  private final AppSupervisor supervisor;

  DeploymentsResource(AppSupervisor supervisor) {
    this.supervisor = supervisor;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/v2/deployments", r -> Response.json(200, supervisor.deploymentsJson()));
  }
}
