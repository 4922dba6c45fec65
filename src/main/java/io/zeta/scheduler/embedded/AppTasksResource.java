package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;
import java.util.function.Predicate;

/**
 * Marathon's {@code /v2/apps/{id}/tasks}: list (JSON, or Marathon's endpoint lines for
 * {@code Accept: text/plain}), kill all or those on a {@code host}, kill one; with {@code scale}
 * the app's instances go down by the killed tasks (a deployment), otherwise replacements start.
 */
final class AppTasksResource implements Resource {
  private static final String TASKS = AppsResource.APPS + "/{id*}/tasks";
  private final AppSupervisor supervisor;

  AppTasksResource(AppSupervisor supervisor) {
    this.supervisor = supervisor;
  }

  @Override
  public void register(Routes routes) {
    routes.get(TASKS, this::list)
        .delete(TASKS, this::killMany)
        .delete(TASKS + "/{taskId}", this::killOne);
  }

  private Response list(Request request) {
    AppId id = AppsResource.id(request);
    if (TasksResource.wantsText(request)) {
      return Response.text(200, supervisor.endpoints(id, " ").orElseThrow(() -> AppsResource.unknownApp(id)));
    }
    ObjectNode body = Json.object();
    body.set("tasks", supervisor.appTasksJson(id).orElseThrow(() -> AppsResource.unknownApp(id)));
    return Response.json(200, body);
  }

  private Response killMany(Request request) {
    AppId id = AppsResource.id(request);
    String host = request.first("host").orElse(null);
    // Every task runs on this agent's one host; Marathon's "*" names every host.
    Predicate<LocalTask> which = t -> t.appId.equals(id)
        && (host == null || host.equals("*") || host.equals(TaskEnvironment.HOST));
    return kill(request, id, which, tasks -> {
      ObjectNode body = Json.object();
      body.set("tasks", tasks);
      return Response.json(200, body);
    });
  }

  private Response killOne(Request request) {
    AppId id = AppsResource.id(request);
    String taskId = request.param("taskId");
    return kill(request, id, t -> t.appId.equals(id) && t.id.equals(taskId), tasks -> {
      if (tasks.isEmpty()) {
        throw ApiError.of(404, "Task '" + taskId + "' does not exist");
      }
      ObjectNode body = Json.object();
      body.set("task", tasks.get(0));
      return Response.json(200, body);
    });
  }

  private Response kill(Request request, AppId id, Predicate<LocalTask> which,
      java.util.function.Function<ArrayNode, Response> answer) {
    boolean scale = request.flag("scale", false);
    if (scale && request.flag("wipe", false)) {
      throw ApiError.of(400, "You cannot use scale and wipe at the same time.");
    }
    if (supervisor.appTasksJson(id).isEmpty()) {
      throw AppsResource.unknownApp(id);
    }
    // wipe matters for resident tasks only (their reservations); the agent has none.
    if (scale) {
      return AppsResource.deploymentResult(supervisor.killAndScale(which, request.flag("force", false)));
    }
    return answer.apply(supervisor.kill(which));
  }
}
