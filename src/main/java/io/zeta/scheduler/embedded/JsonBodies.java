package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.Request;
import io.zeta.json.Json;
import java.io.IOException;

/** Request bodies as Marathon reads them: a JSON object, or 400 with Marathon's "Invalid JSON". */
final class JsonBodies {
  private JsonBodies() {}

  static ObjectNode object(Request request) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(request.body());
    } catch (JsonProcessingException e) {
      throw ApiError.invalidJson(e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.invalidJson(e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiError.invalidJson("error.expected.jsobject");
    }
    return (ObjectNode) node;
  }
}
