package io.zeta.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.HttpError;
import io.zeta.http.Response;
import io.zeta.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A refusal in Cosmos's shape: {@code {type, message, data}} as
 * {@code application/vnd.dcos.package.error+json;charset=utf-8;version=v1}, the status Cosmos gives
 * that type (400 unless said otherwise). The DC/OS CLI prints {@code message}.
 */
public final class CosmosError extends HttpError {
  private static final long serialVersionUID = 1L;

  private CosmosError(int status, ObjectNode body, Map<String, String> headers) {
    super(status, body, headers);
  }

  public static CosmosError of(int status, String type, String message) {
    return of(status, type, message, Json.object(), Map.of());
  }

  public static CosmosError of(int status, String type, String message, ObjectNode data, Map<String, String> headers) {
    ObjectNode body = Json.object();
    body.put("type", type);
    body.put("message", message);
    body.set("data", data);
    return new CosmosError(status, body, headers);
  }

  /** Any refusal of the HTTP layer (401, 404, 413...) given Cosmos's shape and type. */
  public static Response from(HttpError e) {
    if (e instanceof CosmosError c) {
      return c.response();
    }
    String type = switch (e.status) {
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "EndpointNotFound";
      case 405 -> "MethodNotAllowed";
      case 413 -> "RequestEntityTooLarge";
      case 415 -> "UnsupportedContentType";
      case 421 -> "MisdirectedRequest";
      case 500 -> "InternalServerError";
      default -> "BadRequest";
    };
    java.util.LinkedHashMap<String, String> headers = new java.util.LinkedHashMap<>(e.headers);
    if (e.status == 401) {
      // The DC/OS CLI reads this challenge to choose its login flow (acsjwt: uid and password).
      headers.put("WWW-Authenticate", "acsjwt");
    }
    return of(e.status, type, e.getMessage(), Json.object(), headers).response();
  }

  @Override
  public Response response() {
    return new Response(status, headers, MediaTypes.ERROR, Json.compact(body).getBytes(StandardCharsets.UTF_8));
  }
}
