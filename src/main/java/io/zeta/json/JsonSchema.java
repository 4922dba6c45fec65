package io.zeta.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.zeta.ZetaException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A compiled JSON Schema, always evaluated as draft-04: the draft Cosmos (fge 2.2) and
 * Marathon 1.7 used, whatever the schema's own {@code $schema} says.
 */
public final class JsonSchema {
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
  private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
      .pathType(PathType.JSON_POINTER)
      .build();

  private final com.networknt.schema.JsonSchema schema;

  private JsonSchema(com.networknt.schema.JsonSchema schema) {
    this.schema = schema;
  }

  /** Compiles a schema. {@code source} names it in errors. */
  public static JsonSchema compile(JsonNode schemaNode, String source) {
    if (!schemaNode.isObject()) {
      throw new ZetaException(source + ": a JSON Schema must be an object, found " + Json.typeName(schemaNode));
    }
    ObjectNode copy = ((ObjectNode) schemaNode).deepCopy();
    // "http://json-schema.org/schema#" (latest) and other drafts' URIs are read as draft-04.
    copy.remove("$schema");
    try {
      return new JsonSchema(FACTORY.getSchema(copy, CONFIG));
    } catch (RuntimeException e) {
      throw new ZetaException(source + ": not a usable JSON Schema: " + e.getMessage(), e);
    }
  }

  /** All violations, ordered by pointer; empty when the instance is valid. */
  public List<SchemaViolation> validate(JsonNode instance) {
    Set<ValidationMessage> messages = schema.validate(instance);
    List<SchemaViolation> out = new ArrayList<>(messages.size());
    for (ValidationMessage m : messages) {
      String pointer = m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString();
      out.add(new SchemaViolation(pointer, stripPointerPrefix(m.getMessage(), pointer)));
    }
    out.sort(Comparator.comparing(SchemaViolation::pointer).thenComparing(SchemaViolation::message));
    return out;
  }

  /** networknt prefixes each message with the instance location; the violation carries it already. */
  private static String stripPointerPrefix(String message, String pointer) {
    String prefix = pointer + ": ";
    if (!pointer.isEmpty() && message.startsWith(prefix)) {
      return message.substring(prefix.length());
    }
    if (message.startsWith(": ")) {
      return message.substring(2);
    }
    return message;
  }
}
