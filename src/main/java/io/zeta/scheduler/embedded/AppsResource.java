package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.scheduler.AppId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Marathon's {@code /v2/apps}: list, create, read, update, delete. */
final class AppsResource implements Resource {
  static final String APPS = "/v2/apps";
  static final String DEPLOYMENT_HEADER = "Marathon-Deployment-Id";

  private final AppSupervisor supervisor;

  AppsResource(AppSupervisor supervisor) {
    this.supervisor = supervisor;
  }

  @Override
  public void register(Routes routes) {
    routes.get(APPS, this::list)
        .post(APPS, this::create)
        .get(APPS + "/{id*}", this::get)
        .put(APPS + "/{id*}", r -> put(r, false))
        .patch(APPS + "/{id*}", r -> put(r, true))
        .delete(APPS + "/{id*}", this::delete);
  }

  /** The app id of a {@code {id*}} route, canonical. */
  static AppId id(Request request) {
    return AppId.parse(request.param("id")).canonical();
  }

  private Response list(Request request) {
    List<String> embed = request.all("embed");
    // As Marathon: counts and deployments always come with the list.
    AppJson.Embeds embeds = new AppJson.Embeds(embed.contains("apps.tasks"), true, true,
        embed.contains("apps.lastTaskFailure"));
    ObjectNode body = io.zeta.json.Json.object();
    body.set("apps", supervisor.appsJson(request.first("id").orElse(null), embeds));
    return Response.json(200, body);
  }

  private Response create(Request request) {
    ObjectNode definition = JsonBodies.object(request);
    AppSupervisor.Change c = supervisor.create(definition, request.flag("force", false));
    posted(request, c);
    return Response.json(201, AppJson.created(c.app(), c.deployment()),
        Map.of("Location", c.app().id.toString(), DEPLOYMENT_HEADER, c.deployment().id));
  }

  private Response get(Request request) {
    AppId id = id(request);
    checkSubresource(id);
    Optional<ObjectNode> app = supervisor.appJson(id);
    if (app.isEmpty()) {
      throw ApiError.of(404, "App '" + id + "' does not exist");
    }
    ObjectNode body = io.zeta.json.Json.object();
    body.set("app", app.get());
    return Response.json(200, body);
  }

  private Response put(Request request, boolean patch) {
    AppId id = id(request);
    checkSubresource(id);
    ObjectNode body = JsonBodies.object(request);
    boolean partial = patch || request.flag("partialUpdate", true);
    AppSupervisor.Change c = supervisor.put(id, body, request.flag("force", false), partial);
    posted(request, c);
    return Response.json(c.created() ? 201 : 200, AppJson.deploymentResult(c.deployment()),
        Map.of(DEPLOYMENT_HEADER, c.deployment().id));
  }

  private Response delete(Request request) {
    AppId id = id(request);
    checkSubresource(id);
    // Marathon's DELETE defaults to force=true in code, whatever its RAML says.
    Optional<AppSupervisor.Change> c = supervisor.destroy(id, request.flag("force", true));
    if (c.isEmpty()) {
      throw ApiError.of(404, "App '" + id + "' does not exist");
    }
    return Response.json(200, AppJson.deploymentResult(c.get().deployment()),
        Map.of(DEPLOYMENT_HEADER, c.get().deployment().id));
  }

  /** Marathon's {@code api_post_event}: who changed which app, and the app as it now is. */
  private void posted(Request request, AppSupervisor.Change c) {
    ObjectNode app = c.app().definition.deepCopy();
    app.put("version", c.deployment().version);
    supervisor.events.apiPost(request.peerAddress(), request.path(), app);
  }

  /**
   * Sub-resources not routed (yet) reach this resource as app ids; their last segments are
   * reserved in app ids, so they are not found rather than taken for apps.
   */
  private static void checkSubresource(AppId id) {
    List<String> s = id.segments();
    if (!s.isEmpty() && List.of("tasks", "versions", "restart").contains(s.get(s.size() - 1))) {
      throw ApiError.of(404, "the embedded scheduler does not serve " + APPS + id);
    }
  }
}
