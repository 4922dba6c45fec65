package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Marathon's {@code /v2/tasks}: every app's tasks (filtered by {@code status}, as JSON or, for
 * {@code Accept: text/plain}, Marathon's tab-separated endpoint lines), and
 * {@code POST /v2/tasks/delete} to kill tasks of any apps by id.
 */
final class TasksResource implements Resource {
  private final AppSupervisor supervisor;

  TasksResource(AppSupervisor supervisor) {
    this.supervisor = supervisor;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/v2/tasks", this::list).post("/v2/tasks/delete", this::delete);
  }

  /** Marathon's resources produce JSON and text/plain; text only when the client asks for it and not for JSON. */
  static boolean wantsText(Request request) {
    String accept = request.header("Accept").orElse("").toLowerCase(Locale.ROOT);
    return accept.contains("text/plain") && !accept.contains("json");
  }

  private Response list(Request request) {
    if (wantsText(request)) {
      return Response.text(200, supervisor.endpoints(null, "\t").orElseThrow());
    }
    // status and status[], as Marathon: only running and staging mean something; others are ignored.
    List<String> wanted = new ArrayList<>(request.all("status"));
    wanted.addAll(request.all("status[]"));
    Set<TaskState> states = new HashSet<>();
    for (String s : wanted) {
      switch (s.toLowerCase(Locale.ROOT)) {
        case "running" -> states.add(TaskState.TASK_RUNNING);
        case "staging" -> states.add(TaskState.TASK_STAGING);
        default -> { }
      }
    }
    ObjectNode body = Json.object();
    body.set("tasks", supervisor.tasksJson(states));
    return Response.json(200, body);
  }

  private Response delete(Request request) {
    boolean scale = request.flag("scale", false);
    if (scale && request.flag("wipe", false)) {
      throw ApiError.of(400, "You cannot use scale and wipe at the same time.");
    }
    ObjectNode body = JsonBodies.object(request);
    JsonNode ids = body.get("ids");
    if (ids == null || !ids.isArray()) {
      throw ApiError.invalidJson("/ids", ids == null ? "error.path.missing" : "error.expected.jsarray");
    }
    Set<String> taskIds = new HashSet<>();
    for (JsonNode id : ids) {
      // A task id is <app safe path>.<uuid>, as Marathon's; one without its app part is refused.
      String text = id.asText("");
      if (!id.isTextual() || text.indexOf('.') <= 0) {
        throw ApiError.of(400, "Invalid task id '" + text + "'.");
      }
      taskIds.add(text);
    }
    if (scale) {
      return AppsResource.deploymentResult(supervisor.killAndScale(t -> taskIds.contains(t.id),
          request.flag("force", false)));
    }
    ObjectNode out = Json.object();
    out.set("tasks", supervisor.kill(t -> taskIds.contains(t.id)));
    return Response.json(200, out);
  }
}
