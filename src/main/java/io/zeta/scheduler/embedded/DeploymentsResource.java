package io.zeta.scheduler.embedded;

import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;

/**
 * Marathon's {@code /v2/deployments}: the running deployments, and DELETE of one, which rolls its
 * apps back in a new deployment (200 with its DeploymentResult) or, with {@code force=true},
 * stops following it without a rollback (202, no body).
 */
final class DeploymentsResource implements Resource {
  private final AppSupervisor supervisor;

  DeploymentsResource(AppSupervisor supervisor) {
    this.supervisor = supervisor;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/v2/deployments", r -> Response.json(200, supervisor.deploymentsJson()))
        .delete("/v2/deployments/{id}", this::cancel);
  }

  private Response cancel(Request request) {
    String id = request.param("id");
    if (request.flag("force", false)) {
      if (!supervisor.cancel(id)) {
        throw unknown(id);
      }
      return Response.empty(202);
    }
    return AppsResource.deploymentResult(supervisor.rollback(id).orElseThrow(() -> unknown(id)));
  }

  private static ApiError unknown(String id) {
    return ApiError.of(404, "DeploymentPlan " + id + " does not exist");
  }
}
