package io.zeta.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.util.Comparator;

/** JSON comparisons that treat 1 and 1.0 as the same number and ignore key order. */
public final class JsonTrees {
  private static final Comparator<JsonNode> NUMERIC = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  private JsonTrees() {}

  public static boolean same(JsonNode a, JsonNode b) {
    return a.equals(NUMERIC, b);
  }

  /** The object without the given top-level or label keys, for comparisons that set them aside. */
  public static ObjectNode without(ObjectNode node, String... keys) {
    ObjectNode copy = node.deepCopy();
    copy.remove(java.util.List.of(keys));
    return copy;
  }

  public static JsonNode parse(String text) {
    return Json.parse(text, "test");
  }
}
