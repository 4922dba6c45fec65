package io.zeta.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete answer: status, headers, and a body already encoded. */
public record Response(int status, Map<String, String> headers, String contentType, byte[] body) {
  public static final String JSON = "application/json; charset=utf-8";

  public Response {
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body without a copy, for the server that writes it. */
  byte[] bodyBytes() {
    return body;
  }

  public static Response json(int status, JsonNode body) {
    return new Response(status, Map.of(), JSON, Json.compact(body).getBytes(StandardCharsets.UTF_8));
  }

  public static Response json(int status, JsonNode body, Map<String, String> headers) {
    return json(status, body).withHeaders(headers);
  }

  public static Response text(int status, String text) {
    return new Response(status, Map.of(), "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  public static Response empty(int status) {
    return new Response(status, Map.of(), null, new byte[0]);
  }

  public Response withHeaders(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(more);
    return new Response(status, all, contentType, body);
  }

  public Response withHeader(String name, String value) {
    return withHeaders(Map.of(name, value));
  }
}
