package io.zeta.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.http.Request;
import io.zeta.http.Response;
import io.zeta.json.Json;
import io.zeta.json.JsonSchema;
import io.zeta.json.SchemaViolation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Cosmos RPC's contract: its request media type (checked exactly, 415 otherwise), the versions
 * of its response it offers (chosen from {@code Accept}, 400 otherwise, so that the DC/OS CLI's
 * describe falls back from v3 to v2 as against Cosmos), and its request schema (400
 * {@code JsonSchemaMismatch} for a body that does not fit).
 */
final class Rpc {
  private final String requestKind;
  private final String responseKind;
  private final List<Integer> versions;
  private final Optional<JsonSchema> schema;

  private Rpc(String requestKind, String responseKind, List<Integer> versions, Optional<JsonSchema> schema) {
    this.requestKind = requestKind;
    this.responseKind = responseKind;
    this.versions = List.copyOf(versions);
    this.schema = schema;
  }

  /**
   * An RPC whose media types are {@code vnd.dcos.<kind>-request} v1 and {@code vnd.dcos.<kind>-response}
   * in the given versions (preferred first), its body checked against {@code schemas/<schemaFile>}.
   */
  static Rpc of(String kind, String schemaFile, Integer... versions) {
    return new Rpc(kind + "-request", kind + "-response", List.of(versions), Optional.of(loadSchema(schemaFile)));
  }

  /** A GET without body, answered in {@code vnd.dcos.<responseKind>}. */
  static Rpc get(String responseKind, Integer... versions) {
    return new Rpc(null, responseKind, List.of(versions), Optional.empty());
  }

  private static JsonSchema loadSchema(String file) {
    try (InputStream in = Rpc.class.getResourceAsStream("schemas/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource schemas/" + file);
      }
      return JsonSchema.compile(Json.parse(in.readAllBytes(), file), file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schemas/" + file, e);
    }
  }

  String requestType() {
    return MediaTypes.vnd(requestKind, 1);
  }

  String responseType(int version) {
    return MediaTypes.vnd(responseKind, version);
  }

  /** The response version the client accepts; the preferred one without Accept or with a wildcard. */
  int negotiate(Request request) {
    Optional<String> accept = request.header("accept");
    if (accept.isEmpty() || accept.get().isBlank()) {
      return versions.get(0);
    }
    String mime = "application/vnd.dcos." + responseKind + "+json";
    for (MediaTypes.Parsed p : MediaTypes.accept(accept.get())) {
      if (p.mime().equals("*/*") || p.mime().equals("application/*")) {
        return versions.get(0);
      }
      if (p.mime().equals(mime)) {
        Optional<Integer> v = p.version();
        if (v.isEmpty()) {
          return versions.get(0);
        }
        if (versions.contains(v.get())) {
          return v.get();
        }
      }
    }
    ObjectNode data = Json.object();
    data.put("provided", accept.get());
    ArrayNode available = data.putArray("available");
    versions.forEach(v -> available.add(responseType(v)));
    throw CosmosError.of(400, "IncompatibleAcceptHeader", "Accept header '" + accept.get() + "' names no media type "
        + "this endpoint answers with; available: " + String.join(", ", versions.stream().map(this::responseType)
            .toList()), data, Map.of());
  }

  /** The request body: the exact Content-Type, JSON, an object that fits the schema. */
  ObjectNode body(Request request) {
    String given = request.header("content-type").orElse("");
    MediaTypes.Parsed p = MediaTypes.parse(given);
    String charset = p.params().getOrDefault("charset", "utf-8");
    boolean ok = p.mime().equals("application/vnd.dcos." + requestKind + "+json")
        && p.version().orElse(-1) == 1 && charset.equalsIgnoreCase("utf-8");
    if (!ok) {
      ObjectNode data = Json.object();
      data.putArray("supported").add(requestType());
      data.put("actual", given);
      throw CosmosError.of(415, "UnsupportedContentType", "Unsupported Content-Type: "
          + (given.isEmpty() ? "none" : given) + "; send " + requestType(), data, Map.of());
    }
    JsonNode body;
    try {
      body = request.bodyLength() == 0 ? Json.object()
          : Json.parseUntrusted(new String(request.body(), StandardCharsets.UTF_8), "the request body");
    } catch (ZetaException | IllegalArgumentException e) {
      throw mismatch("the request body is not valid JSON: " + e.getMessage(), List.of());
    }
    List<SchemaViolation> violations = schema.orElseThrow().validate(body);
    if (!violations.isEmpty() || !body.isObject()) {
      throw mismatch("the request body does not fit " + requestType() + ": " + (violations.isEmpty()
          ? "not a JSON object" : violations.get(0)), violations);
    }
    return (ObjectNode) body;
  }

  static CosmosError mismatch(String message, List<SchemaViolation> violations) {
    ObjectNode data = Json.object();
    ArrayNode errors = data.putArray("errors");
    for (SchemaViolation v : violations) {
      // fge's report shape, which the DC/OS CLI reads (instance.pointer becomes its "Path: a.b").
      ObjectNode e = errors.addObject().put("level", "error").put("pointer", v.pointer()).put("message", v.message());
      e.putObject("instance").put("pointer", v.pointer());
    }
    return CosmosError.of(400, "JsonSchemaMismatch", message, data, Map.of());
  }

  /**
   * Options as Cosmos checks them before a render or an install: merged with the package's
   * defaults, against its config.json ({@code JsonSchemaMismatch}); none allowed without one
   * ({@code OptionsNotAllowed}).
   */
  static void checkOptions(io.zeta.catalog.PackageDefinition def, ObjectNode options) {
    if (!def.hasConfig() && !options.isEmpty()) {
      throw CosmosError.of(400, "OptionsNotAllowed", "No options are allowed for this package: " + def.name() + "@"
          + def.version() + " has no config.json");
    }
    List<SchemaViolation> violations = io.zeta.render.Options.merge(def, options).violations(def);
    if (!violations.isEmpty()) {
      throw mismatch("Options JSON failed validation: " + violations.get(0) + " (the package's config.json)", violations);
    }
  }

  Response ok(int version, JsonNode body) {
    return new Response(200, Map.of(), responseType(version), Json.compact(body).getBytes(StandardCharsets.UTF_8));
  }
}
