package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;

/** Marathon's {@code /v2/apps/{id}/versions}: the versions kept, newest first, and the app as of one. */
final class AppVersionsResource implements Resource {
  private static final String VERSIONS = AppsResource.APPS + "/{id*}/versions";
  private final AppSupervisor supervisor;

  AppVersionsResource(AppSupervisor supervisor) {
    this.supervisor = supervisor;
  }

  @Override
  public void register(Routes routes) {
    routes.get(VERSIONS, this::list).get(VERSIONS + "/{version}", this::show);
  }

  private Response list(Request request) {
    AppId id = AppsResource.id(request);
    ObjectNode body = Json.object();
    ArrayNode versions = body.putArray("versions");
    supervisor.versions(id).orElseThrow(() -> AppsResource.unknownApp(id)).forEach(versions::add);
    return Response.json(200, body);
  }

  private Response show(Request request) {
    AppId id = AppsResource.id(request);
    String version = request.param("version");
    return Response.json(200, supervisor.versionJson(id, version)
        .orElseThrow(() -> ApiError.of(404, "App '" + id + "' does not exist in version " + version)));
  }
}
