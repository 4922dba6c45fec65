package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;
import io.zeta.scheduler.AppViolation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Marathon's {@code /v2/apps}: list (with embeds and the cmd, id and label filters), create, read,
 * update, delete, restart. Tasks and versions of an app are {@link AppTasksResource} and
 * {@link AppVersionsResource}.
 */
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
        .put(APPS, this::putMany)
        .patch(APPS, this::putMany)
        .get(APPS + "/{id*}", this::get)
        .put(APPS + "/{id*}", r -> put(r, false))
        .patch(APPS + "/{id*}", r -> put(r, true))
        .delete(APPS + "/{id*}", this::delete)
        .post(APPS + "/{id*}/restart", this::restart);
  }

  /** The app id of a {@code {id*}} route, canonical. */
  static AppId id(Request request) {
    return AppId.parse(request.param("id")).canonical();
  }

  private Response list(Request request) {
    // As Marathon: counts and deployments always come with the list.
    AppJson.Embeds embeds = AppJson.Embeds.resolve(request.all("embed")).or(AppJson.Embeds.LIST);
    LabelSelector label = null;
    Optional<String> selector = request.first("label");
    if (selector.isPresent()) {
      try {
        label = LabelSelector.parse(selector.get());
      } catch (LabelSelector.Invalid e) {
        throw ApiError.of(422, "Can not parse label selector " + selector.get() + ". Reason: " + e.getMessage());
      }
    }
    AppFilter filter = new AppFilter(request.first("cmd").orElse(null), request.first("id").orElse(null), label);
    ObjectNode body = Json.object();
    body.set("apps", supervisor.appsJson(filter, embeds));
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
    // Tasks, counts, deployments and the last failure always come with one app (Marathon: "for compatibility").
    AppJson.Embeds embeds = AppJson.Embeds.resolve(request.all("embed")).or(AppJson.Embeds.SINGLE);
    Optional<ObjectNode> app = supervisor.appJson(id, embeds);
    if (app.isEmpty()) {
      throw ApiError.of(404, "App '" + id + "' does not exist");
    }
    ObjectNode body = Json.object();
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
   * PUT /v2/apps with an array of (partial) apps, each naming its id: Marathon's replaceMultiple,
   * one deployment for all; an app that does not exist is created.
   */
  private Response putMany(Request request) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(request.body());
    } catch (IOException e) {
      throw ApiError.invalidJson(e.getMessage());
    }
    if (body == null || !body.isArray()) {
      throw ApiError.invalidJson("error.expected.jsarray");
    }
    boolean partial = request.method().equals("PATCH") || request.flag("partialUpdate", true);
    Deployment d = supervisor.apply(current -> {
      List<AppSupervisor.AppChange> changes = new ArrayList<>();
      List<AppViolation> violations = new ArrayList<>();
      for (int i = 0; i < body.size(); i++) {
        JsonNode update = body.get(i);
        if (!update.isObject() || !update.path("id").isTextual()) {
          violations.add(new AppViolation("/(" + i + ")/id", "each app of the list needs its id"));
          continue;
        }
        AppId id = AppId.parse(update.get("id").asText()).canonical();
        ObjectNode merged = partial && current.containsKey(id) ? current.get(id) : Json.object();
        ObjectNode given = ((ObjectNode) update).deepCopy();
        given.remove(List.of("version", "versionInfo"));
        if (given.has("ports") && !given.has("portDefinitions")) {
          merged.remove("portDefinitions");
        }
        merged.setAll(given);
        merged.put("id", id.toString());
        int at = i;
        DefinitionCheck.violations(merged)
            .forEach(v -> violations.add(new AppViolation("/(" + at + ")" + v.pointer(), v.message())));
        changes.add(new AppSupervisor.Put(merged));
      }
      if (!violations.isEmpty()) {
        throw ApiError.invalid(violations);
      }
      return changes;
    }, request.flag("force", false));
    return deploymentResult(d);
  }

  private Response restart(Request request) {
    AppId id = id(request);
    return deploymentResult(supervisor.restart(id, request.flag("force", false)).orElseThrow(() -> unknownApp(id)));
  }

  static ApiError unknownApp(AppId id) {
    return ApiError.of(404, "App '" + id + "' does not exist");
  }

  /** 200 with Marathon's DeploymentResult and its Marathon-Deployment-Id header. */
  static Response deploymentResult(Deployment d) {
    return Response.json(200, AppJson.deploymentResult(d), Map.of(DEPLOYMENT_HEADER, d.id));
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
