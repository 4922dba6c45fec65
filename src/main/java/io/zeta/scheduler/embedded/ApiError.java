package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.HttpError;
import io.zeta.json.Json;
import io.zeta.scheduler.AppViolation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An answer other than success, with the status and body Marathon gives for the same case. */
final class ApiError extends HttpError {
  private static final long serialVersionUID = 1L;

  private ApiError(int status, ObjectNode body) {
    super(status, body, Map.of());
  }

  public static ApiError of(int status, String message) {
    ObjectNode body = Json.object();
    body.put("message", message);
    return new ApiError(status, body);
  }

  static ApiError invalidJson(String error) {
    return invalidJson("/", error);
  }

  /** 400 as Marathon answers a body of the wrong shape: the JSON path and Play's error key. */
  static ApiError invalidJson(String path, String error) {
    ObjectNode body = Json.object();
    body.put("message", "Invalid JSON");
    ObjectNode detail = body.putArray("details").addObject();
    detail.put("path", path);
    detail.putArray("errors").add(error);
    return new ApiError(400, body);
  }

  /** 422 with Marathon's details: one entry per path, each with its errors. */
  static ApiError invalid(List<AppViolation> violations) {
    Map<String, ArrayNode> byPath = new LinkedHashMap<>();
    ObjectNode body = Json.object();
    body.put("message", "Object is not valid");
    ArrayNode details = body.putArray("details");
    for (AppViolation v : violations) {
      String path = v.pointer().isEmpty() ? "/" : v.pointer();
      byPath.computeIfAbsent(path, p -> {
        ObjectNode d = details.addObject();
        d.put("path", p);
        return d.putArray("errors");
      }).add(v.message());
    }
    return new ApiError(422, body);
  }

  static ApiError locked(List<Deployment> deployments) {
    ObjectNode body = Json.object();
    body.put("message", "App is locked by one or more deployments. Override with the option '?force=true'. "
        + "View details at '/v2/deployments/" + deployments.get(0).id + "'.");
    ArrayNode ids = body.putArray("deployments");
    deployments.forEach(d -> ids.addObject().put("id", d.id));
    return new ApiError(409, body);
  }
}
