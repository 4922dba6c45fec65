package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Marathon's {@code /v2/groups}: the tree of the agent's apps by id path (see {@link Groups}),
 * with Marathon's embeds; create (POST), update (PUT) and delete of a group and its apps, each as
 * one deployment; the versions of a group.
 */
final class GroupsResource implements Resource {
  private static final String GROUPS = "/v2/groups";
  private static final AppId ROOT = new AppId(List.of());
  private final AppSupervisor supervisor;
  private final GroupStore store;
  /** The version of a group nothing has changed yet (the empty root of a new agent). */
  private final String startedAt = MarathonTime.now();

  GroupsResource(AppSupervisor supervisor, GroupStore store) {
    this.supervisor = supervisor;
    this.store = store;
  }

  @Override
  public void register(Routes routes) {
    routes.get(GROUPS, r -> show(r, ROOT))
        .get(GROUPS + "/{id*}", r -> id(r).equals(AppId.parse("versions")) ? versions(ROOT) : show(r, id(r)))
        .get(GROUPS + "/{id*}/versions", r -> versions(id(r)))
        .post(GROUPS, r -> create(r, ROOT))
        .post(GROUPS + "/{id*}", r -> create(r, id(r)))
        .put(GROUPS, r -> update(r, ROOT))
        .put(GROUPS + "/{id*}", r -> update(r, id(r)))
        .delete(GROUPS, r -> delete(r, ROOT))
        .delete(GROUPS + "/{id*}", r -> delete(r, id(r)));
  }

  private static AppId id(Request request) {
    return AppId.parse(request.param("id")).canonical();
  }

  private Response show(Request request, AppId id) {
    Groups.Embeds embeds = Groups.Embeds.resolve(request.all("embed"));
    List<ObjectNode> apps = new ArrayList<>();
    supervisor.appsJson(AppFilter.ALL, embeds.appEmbeds()).forEach(a -> apps.add((ObjectNode) a));
    Map<AppId, String> stored = store.snapshot();
    requireExists(id, apps.stream().map(a -> AppId.parse(a.get("id").asText())).toList(), stored.keySet());
    return Response.json(200, Groups.json(id, apps, stored, embeds, startedAt));
  }

  /** The versions of the group's apps and of the group itself, newest first. */
  private Response versions(AppId id) {
    Map<AppId, String> stored = store.snapshot();
    List<AppId> appIds = new ArrayList<>();
    supervisor.appsJson(AppFilter.ALL, AppJson.Embeds.NONE).forEach(a -> appIds.add(AppId.parse(a.get("id").asText())));
    requireExists(id, appIds, stored.keySet());
    Set<String> versions = new TreeSet<>(Comparator.reverseOrder());
    stored.forEach((g, v) -> {
      if (Groups.isWithin(g, id)) {
        versions.add(v);
      }
    });
    appIds.stream().filter(a -> Groups.isWithin(a, id))
        .forEach(a -> supervisor.versions(a).ifPresent(versions::addAll));
    ArrayNode out = Json.MAPPER.createArrayNode();
    versions.forEach(out::add);
    return Response.json(200, out);
  }

  private Response create(Request request, AppId base) {
    ObjectNode body = JsonBodies.object(request);
    AppId group = effective(body, base);
    Deployment d = deploy(request, group, body, true);
    return Response.json(201, AppJson.deploymentResult(d),
        Map.of("Location", group.toString(), AppsResource.DEPLOYMENT_HEADER, d.id));
  }

  private Response update(Request request, AppId base) {
    if (request.flag("dryRun", false)) {
      throw ApiError.of(400, "dryRun is not supported by the embedded scheduler; PUT without it to deploy");
    }
    ObjectNode body = JsonBodies.object(request);
    AppId group = effective(body, base);
    return AppsResource.deploymentResult(deploy(request, group, body, false));
  }

  /**
   * The body applied to the group as one deployment, the group versions stored with it; a create
   * (POST) refuses a group that exists, either way a group cannot take an app's path.
   */
  private Deployment deploy(Request request, AppId group, ObjectNode body, boolean create) {
    Map<AppId, String> stored = store.snapshot();
    AtomicReference<Groups.Plan> plan = new AtomicReference<>();
    Deployment d = supervisor.apply(current -> {
      if (create && Groups.all(current.keySet(), stored.keySet()).contains(group)) {
        throw ApiError.of(409, "Group " + group + " is already created. Use PUT to change this group.");
      }
      if (current.containsKey(group)) {
        throw ApiError.of(409, "An app with the path " + group + " already exists.");
      }
      plan.set(Groups.update(group, body, current, stored.keySet()));
      return plan.get().changes();
    }, request.flag("force", false));
    store.update(plan.get().groups(), plan.get().removedGroups(), d.version);
    return d;
  }

  private Response delete(Request request, AppId group) {
    Map<AppId, String> stored = store.snapshot();
    AtomicReference<Groups.Plan> plan = new AtomicReference<>();
    Deployment d = supervisor.apply(current -> {
      requireExists(group, current.keySet(), stored.keySet());
      plan.set(Groups.delete(group, current));
      return plan.get().changes();
    }, request.flag("force", false));
    store.update(List.of(), plan.get().removedGroups(), d.version);
    return AppsResource.deploymentResult(d);
  }

  /** The group a body names: its id relative to the path, or the path itself. */
  private static AppId effective(ObjectNode body, AppId base) {
    JsonNode id = body.get("id");
    if (id == null || id.isNull()) {
      return base;
    }
    if (!id.isTextual()) {
      throw ApiError.invalidJson("/id", "error.expected.jsstring");
    }
    return Groups.resolve(id.asText(), base);
  }

  private static void requireExists(AppId group, java.util.Collection<AppId> apps, Set<AppId> stored) {
    if (!group.isRoot() && !Groups.all(apps, stored).contains(group)) {
      throw ApiError.of(404, "Group '" + group + "' does not exist");
    }
  }
}
