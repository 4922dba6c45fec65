package io.zeta.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.json.JsonSchema;
import io.zeta.json.SchemaViolation;
import io.zeta.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests as the DC/OS CLI 0.6.1 sends them (../shared/reference/cosmos-wire.md): its headers,
 * media types and bodies, with {@code Authorization: token=<t>}; answers checked against Cosmos's
 * schemas (../shared/fixtures/cosmos/api-schemas, networknt's draft-04 validator through
 * {@link JsonSchema}) and error bodies against Cosmos's error shape.
 */
final class CosmosWire {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String ERROR = "application/vnd.dcos.package.error+json;charset=utf-8;version=v1";
  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

  private final URI base;
  private final String token;

  CosmosWire(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  CosmosWire as(String otherToken) {
    return new CosmosWire(base, otherToken);
  }

  /** {@code package.search}, {@code service.describe}...: the media type's kind. */
  static String kind(String endpoint) {
    return endpoint.startsWith("service/") ? "service." + endpoint.substring(8) : "package." + endpoint.replace('/', '.');
  }

  /** {@code POST /package/<endpoint>} or {@code /service/<endpoint>} with the CLI's headers, asking for version {@code accept}. */
  HttpResponse<String> rpc(String endpoint, String body, String accept) throws Exception {
    String path = endpoint.startsWith("service/") ? "/" + endpoint : "/package/" + endpoint;
    String kind = kind(endpoint);
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/vnd.dcos." + kind + "-request+json;charset=utf-8;version=v1")
        .header("Accept", "application/vnd.dcos." + kind + "-response+json;charset=utf-8;version=" + accept)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "token=" + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Accept", accept).GET();
    if (token != null) {
      b.header("Authorization", "token=" + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** 200, the response media type the CLI asked for, a body valid against {@code schema} (relative to api-schemas). */
  static JsonNode ok(HttpResponse<String> r, String endpoint, String version, String schema) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .contains("application/vnd.dcos." + kind(endpoint) + "-response+json;charset=utf-8;version=" + version);
    JsonNode body = Json.parse(r.body(), "response");
    assertValid(body, schema);
    return body;
  }

  static void assertValid(JsonNode body, String schema) {
    List<SchemaViolation> v = SCHEMAS.computeIfAbsent(schema, CosmosWire::load).validate(body);
    assertThat(v).as("%s against %s", body, schema).isEmpty();
  }

  private static JsonSchema load(String schema) {
    Path file = Fixtures.cosmos("api-schemas").resolve(schema);
    try {
      return JsonSchema.compile(Json.parse(Files.readAllBytes(file), schema), schema);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Cosmos's error: the status, its media type, {@code {type, message, data}}. */
  static ObjectNode error(HttpResponse<String> r, int status, String type) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo(ERROR);
    ObjectNode body = (ObjectNode) Json.parse(r.body(), "error");
    assertThat(body.path("type").asText()).as(r.body()).isEqualTo(type);
    assertThat(body.path("message").asText()).isNotBlank();
    assertThat(body.get("data")).isNotNull();
    return body;
  }
}
