package io.zeta.scheduler.embedded;

import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.scheduler.AppId;

/** Marathon's {@code /v2/queue}: tasks waiting for resources or their launch delay, and resetting that delay. */
final class QueueResource implements Resource {
  private final AppSupervisor supervisor;

  QueueResource(AppSupervisor supervisor) {
    this.supervisor = supervisor;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/v2/queue", r -> Response.json(200, supervisor.queueJson(r.all("embed").contains("lastUnusedOffers"))))
        .delete("/v2/queue/{id*}/delay", r -> {
          AppId id = AppId.parse(r.param("id")).canonical();
          if (!supervisor.resetDelay(id)) {
            throw ApiError.of(404, "Application " + id + " not found in tasks queue.");
          }
          return Response.empty(204);
        });
  }
}
