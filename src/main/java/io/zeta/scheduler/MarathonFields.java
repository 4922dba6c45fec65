package io.zeta.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lenient reads of Marathon's response fields: a missing or null field gives the default. */
final class MarathonFields {
  private MarathonFields() {}

  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static int integer(JsonNode node, String field, int fallback) {
    JsonNode v = node.get(field);
    return v == null || !v.isNumber() ? fallback : v.asInt();
  }

  static Optional<Instant> instant(JsonNode node, String field) {
    String t = text(node, field);
    if (t == null || t.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(t));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static List<JsonNode> array(JsonNode node, String field) {
    JsonNode v = node.get(field);
    List<JsonNode> out = new ArrayList<>();
    if (v != null && v.isArray()) {
      v.forEach(out::add);
    }
    return out;
  }
}
