package io.zeta.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.util.Map;

/**
 * An answer other than success, thrown by a handler: its status, its JSON body (by default
 * {@code {"message": ...}}, the shape Marathon and Cosmos use) and extra headers.
 */
public class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public final int status;
  public final transient ObjectNode body;
  public final transient Map<String, String> headers;

  protected HttpError(int status, ObjectNode body, Map<String, String> headers) {
    super(body.path("message").asText(), null, false, false);
    this.status = status;
    this.body = body;
    this.headers = Map.copyOf(headers);
  }

  public static HttpError of(int status, String message) {
    return of(status, message, Map.of());
  }

  public static HttpError of(int status, String message, Map<String, String> headers) {
    ObjectNode body = Json.object();
    body.put("message", message);
    return new HttpError(status, body, headers);
  }

  public Response response() {
    return Response.json(status, body, headers);
  }
}
