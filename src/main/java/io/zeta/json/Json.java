package io.zeta.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** The one JSON mapper of the project, and the few tree operations every layer needs. */
public final class Json {
  /**
   * Keeps key order as read, keeps numbers exact, fails on trailing garbage. A repeated key keeps
   * its last value, as circe (Cosmos) and Python (Universe's tooling) read it: several Universe
   * packages repeat keys.
   */
  public static final ObjectMapper MAPPER = configure(new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(Limits.MAX_NESTING)
          .maxStringLength(Limits.MAX_STRING_CHARS)
          .build())
      .build()));

  /**
   * The mapper for package files and options, which come from untrusted packages and users:
   * shallower and smaller than anything Zeta itself writes, so what an install accepts is
   * always readable again by the commands after it.
   */
  private static final ObjectMapper UNTRUSTED = configure(new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(Limits.MAX_PACKAGE_NESTING)
          .maxStringLength(Limits.MAX_PACKAGE_FILE_BYTES)
          .maxDocumentLength(Limits.MAX_PACKAGE_FILE_BYTES)
          .build())
      .build()));

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
  }

  /**
   * The bounds on JSON Zeta reads (documented in docs/PACKAGE-FORMAT.md). Jackson parses
   * iteratively, but schema validation, merging and rendering recurse: a bound on nesting keeps
   * every one of them off the end of the stack.
   */
  public static final class Limits {
    /** Any JSON Zeta reads, its own files included. */
    public static final int MAX_NESTING = 256;
    public static final int MAX_STRING_CHARS = 32 * 1024 * 1024;
    /** A package file (package.json, config.json, templates...) or a user's options. */
    public static final int MAX_PACKAGE_NESTING = 64;
    public static final int MAX_PACKAGE_FILE_BYTES = 4 * 1024 * 1024;

    private Limits() {}
  }

  private Json() {}

  /** Parses JSON text; a syntax error names the source and the line and column. */
  public static JsonNode parse(String text, String source) {
    return parse(MAPPER, text, source);
  }

  /**
   * Parses JSON from a package or a user (package files, options) within
   * {@link Limits#MAX_PACKAGE_NESTING} levels and {@link Limits#MAX_PACKAGE_FILE_BYTES} bytes.
   */
  public static ObjectNode parseUntrustedObject(byte[] bytes, String source) {
    if (bytes.length > Limits.MAX_PACKAGE_FILE_BYTES) {
      throw new ZetaException(source + ": " + bytes.length + " bytes; at most " + Limits.MAX_PACKAGE_FILE_BYTES
          + " (4 MiB) are read");
    }
    JsonNode node = parse(UNTRUSTED, new String(bytes, StandardCharsets.UTF_8), source);
    if (!node.isObject()) {
      throw new ZetaException(source + ": expected a JSON object, found " + typeName(node));
    }
    return (ObjectNode) node;
  }

  /** Parses one untrusted JSON value (a {@code --set} value), within the same limits. */
  public static JsonNode parseUntrusted(String text, String source) {
    return parse(UNTRUSTED, text, source);
  }

  private static JsonNode parse(ObjectMapper mapper, String text, String source) {
    try {
      JsonNode node = mapper.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new ZetaException(source + ": empty document, expected JSON");
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw new ZetaException(source + ": refused" + where(e.getLocation()) + ": "
          + constraint(e, mapper.getFactory().streamReadConstraints()));
    } catch (JsonProcessingException e) {
      throw new ZetaException(source + ": invalid JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage());
    }
  }

  /** Jackson's message names its own API; say what the limit is instead. */
  private static String constraint(StreamConstraintsException e, StreamReadConstraints limits) {
    String m = String.valueOf(e.getOriginalMessage());
    if (m.contains("nesting depth")) {
      return "nested deeper than " + limits.getMaxNestingDepth() + " levels";
    }
    if (m.contains("String value length")) {
      return "a string longer than " + limits.getMaxStringLength() + " characters";
    }
    if (m.contains("Document length")) {
      return "longer than " + limits.getMaxDocumentLength() + " bytes";
    }
    return m.replaceAll(" ?\\(from `[^`]*`\\)", "");
  }

  /** How deep a tree nests: a scalar is 0, {} and [] are 1. Iterative: the tree may be deep. */
  public static int depth(JsonNode root) {
    int max = 0;
    java.util.ArrayDeque<Map.Entry<JsonNode, Integer>> todo = new java.util.ArrayDeque<>();
    todo.push(Map.entry(root, root.isContainerNode() ? 1 : 0));
    while (!todo.isEmpty()) {
      Map.Entry<JsonNode, Integer> e = todo.pop();
      max = Math.max(max, e.getValue());
      for (JsonNode child : e.getKey()) {
        if (child.isContainerNode()) {
          todo.push(Map.entry(child, e.getValue() + 1));
        }
      }
    }
    return max;
  }

  public static JsonNode parse(byte[] bytes, String source) {
    return parse(new String(bytes, StandardCharsets.UTF_8), source);
  }

  /** Parses a document that must be a JSON object. */
  public static ObjectNode parseObject(String text, String source) {
    JsonNode node = parse(text, source);
    if (!node.isObject()) {
      throw new ZetaException(source + ": expected a JSON object, found " + typeName(node));
    }
    return (ObjectNode) node;
  }

  public static ObjectNode parseObject(byte[] bytes, String source) {
    return parseObject(new String(bytes, StandardCharsets.UTF_8), source);
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static String compact(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String pretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] prettyBytes(Object value) {
    return (pretty(value) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  public static <T> T convert(Object value, Class<T> type) {
    return MAPPER.convertValue(value, type);
  }

  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  public static <T> T read(byte[] bytes, Class<T> type, String source) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (JsonProcessingException e) {
      throw new ZetaException(source + ": invalid content" + where(e.getLocation()) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deep merge as circe's {@code deepMerge}: objects merge key by key, recursively; any other
   * value from {@code overlay} replaces the one in {@code base}. Neither argument is changed.
   */
  public static ObjectNode deepMerge(ObjectNode base, ObjectNode overlay) {
    ObjectNode result = base.deepCopy();
    Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = result.get(field.getKey());
      JsonNode incoming = field.getValue();
      if (existing != null && existing.isObject() && incoming.isObject()) {
        result.set(field.getKey(), deepMerge((ObjectNode) existing, (ObjectNode) incoming));
      } else {
        result.set(field.getKey(), incoming.deepCopy());
      }
    }
    return result;
  }

  /** Removes null-valued keys at every depth, as Cosmos's label printer does. */
  public static JsonNode dropNullKeys(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = object();
      node.fields().forEachRemaining(e -> {
        if (!e.getValue().isNull()) {
          out.set(e.getKey(), dropNullKeys(e.getValue()));
        }
      });
      return out;
    }
    if (node.isArray()) {
      var out = MAPPER.createArrayNode();
      node.forEach(n -> out.add(dropNullKeys(n)));
      return out;
    }
    return node;
  }

  public static String typeName(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case OBJECT, POJO -> "an object";
      case ARRAY -> "an array";
      case STRING, BINARY -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case MISSING -> "nothing";
    };
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
