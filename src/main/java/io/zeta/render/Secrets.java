package io.zeta.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zeta.catalog.PackageDefinition;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A package's secret options: the config.json properties with {@code "format": "password"}
 * (Universe's convention) and the dotted paths zeta.json lists in {@code secrets}. Their values
 * are never printed, stored or labelled with the other options: Zeta masks them in output, keeps
 * them in an owner-only file, and leaves them out of the {@code DCOS_PACKAGE_OPTIONS} label.
 */
public final class Secrets {
  /** What is shown instead of a secret value. */
  public static final String MASK = "********";
  /** Secret values shorter than this are not searched for in free text (they would mask ordinary words). */
  private static final int MIN_REDACTED_LENGTH = 3;

  private static final java.util.Map<PackageDefinition, Secrets> CACHE =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private final List<List<String>> paths;

  private Secrets(List<List<String>> paths) {
    this.paths = List.copyOf(paths);
  }

  public static Secrets of(PackageDefinition pkg) {
    return CACHE.computeIfAbsent(pkg, p -> {
      Set<List<String>> found = new LinkedHashSet<>();
      p.config().ifPresent(c -> collect(c.get("properties"), new ArrayList<>(), found));
      for (String dotted : p.zeta().secrets()) {
        found.add(List.of(dotted.split("\\.", -1)));
      }
      return new Secrets(new ArrayList<>(found));
    });
  }

  /** Secrets at these dotted paths (as stored in an instance's record). */
  public static Secrets ofPaths(List<String> dotted) {
    return new Secrets(dotted.stream().map(d -> List.of(d.split("\\.", -1))).toList());
  }

  private static void collect(JsonNode properties, List<String> prefix, Set<List<String>> out) {
    if (properties == null || !properties.isObject()) {
      return;
    }
    properties.fields().forEachRemaining(e -> {
      JsonNode def = e.getValue();
      List<String> path = new ArrayList<>(prefix);
      path.add(e.getKey());
      if (def.isObject() && "password".equals(def.path("format").asText(null))) {
        out.add(List.copyOf(path));
      } else if (def.isObject()) {
        collect(def.get("properties"), path, out);
      }
    });
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  /** The secret paths, dotted: {@code db.password}. */
  public List<String> paths() {
    return paths.stream().map(p -> String.join(".", p)).toList();
  }

  /** The secret paths that have a (non-null) value in these options. */
  public List<String> present(ObjectNode options) {
    List<String> out = new ArrayList<>();
    for (List<String> p : paths) {
      ObjectNode parent = parent(options, p);
      JsonNode v = parent == null ? null : parent.get(p.get(p.size() - 1));
      if (v != null && !v.isNull()) {
        out.add(String.join(".", p));
      }
    }
    return out;
  }

  /** A copy of the options with every secret value that is set replaced by {@link #MASK}. */
  public ObjectNode mask(ObjectNode options) {
    ObjectNode out = options.deepCopy();
    for (List<String> p : paths) {
      ObjectNode parent = parent(out, p);
      String leaf = p.get(p.size() - 1);
      if (parent != null && parent.has(leaf) && !parent.get(leaf).isNull()) {
        parent.set(leaf, TextNode.valueOf(MASK));
      }
    }
    return out;
  }

  /** A copy of the options without the secret values (what instance.json and the options label hold). */
  public ObjectNode strip(ObjectNode options) {
    ObjectNode out = options.deepCopy();
    for (List<String> p : paths) {
      ObjectNode parent = parent(out, p);
      if (parent != null && parent.remove(p.get(p.size() - 1)) != null) {
        // Objects that held only secrets go too: {"db": {"password": x}} strips to {}, not {"db": {}}.
        for (int depth = p.size() - 1; depth > 0; depth--) {
          ObjectNode holder = parent(out, p.subList(0, depth));
          JsonNode child = holder == null ? null : holder.get(p.get(depth - 1));
          if (child == null || !child.isObject() || !child.isEmpty()) {
            break;
          }
          holder.remove(p.get(depth - 1));
        }
      }
    }
    return out;
  }

  /** Only the secret values of the options, in the same nesting (what secrets.json holds). */
  public ObjectNode only(ObjectNode options) {
    ObjectNode out = Json.object();
    for (List<String> p : paths) {
      ObjectNode parent = parent(options, p);
      String leaf = p.get(p.size() - 1);
      if (parent != null && parent.has(leaf)) {
        ObjectNode cursor = out;
        for (String segment : p.subList(0, p.size() - 1)) {
          cursor = cursor.has(segment) && cursor.get(segment).isObject() ? (ObjectNode) cursor.get(segment)
              : cursor.putObject(segment);
        }
        cursor.set(leaf, parent.get(leaf).deepCopy());
      }
    }
    return out;
  }

  /** An options schema (config.json) with the defaults of secret properties masked, for describe. */
  public ObjectNode maskSchema(ObjectNode config) {
    ObjectNode out = config.deepCopy();
    for (List<String> p : paths) {
      JsonNode node = out;
      for (String segment : p) {
        node = node.path("properties").path(segment);
      }
      if (node instanceof ObjectNode def && def.has("default") && !def.get("default").isNull()) {
        def.put("default", MASK);
      }
    }
    return out;
  }

  /**
   * Replaces every secret value of these options in free text (an error message, a rendered
   * line) by {@link #MASK}; longest first, so that a value containing another goes whole.
   */
  public String redact(String text, ObjectNode options) {
    if (text == null || paths.isEmpty()) {
      return text;
    }
    String out = text;
    for (String v : values(options)) {
      out = out.replace(v, MASK);
    }
    return out;
  }

  /**
   * The same error with the secret values of these options masked in its message. Its cause,
   * whose message may hold them too, is dropped when there was anything to mask.
   */
  public io.zeta.ZetaException redact(io.zeta.ZetaException e, ObjectNode options) {
    String message = redact(e.getMessage(), options);
    if (message.equals(e.getMessage())) {
      return e;
    }
    return new io.zeta.ZetaException(message, redact(e.hint(), options), null);
  }

  /**
   * A file's content as it may be shown (dry runs, diffs): in a JSON document every string equal
   * to a secret value (even one too short for {@link #redact}) becomes {@link #MASK}, and every
   * secret value in free text is redacted. Both sides of a diff go through here, so a masked
   * value compares equal to itself.
   */
  public String maskContent(byte[] content, boolean json, ObjectNode options) {
    String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
    if (paths.isEmpty()) {
      return text;
    }
    if (json) {
      try {
        JsonNode doc = Json.MAPPER.readTree(content);
        if (doc != null && doc.isContainerNode()) {
          Set<String> exact = new LinkedHashSet<>();
          for (List<String> p : paths) {
            ObjectNode parent = parent(options, p);
            JsonNode v = parent == null ? null : parent.get(p.get(p.size() - 1));
            if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())) {
              exact.add(v.isTextual() ? v.asText() : Json.compact(v));
            }
          }
          return redact(Json.pretty(maskStrings(doc, exact)), options);
        }
      } catch (java.io.IOException | RuntimeException e) {
        // not JSON after all: masked as text below
      }
    }
    return redact(text, options);
  }

  private static JsonNode maskStrings(JsonNode node, Set<String> exact) {
    if (node.isTextual()) {
      return exact.contains(node.asText()) ? TextNode.valueOf(MASK) : node;
    }
    if (node.isObject()) {
      ObjectNode out = Json.object();
      node.fields().forEachRemaining(e -> out.set(e.getKey(), maskStrings(e.getValue(), exact)));
      return out;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = Json.MAPPER.createArrayNode();
      node.forEach(n -> out.add(maskStrings(n, exact)));
      return out;
    }
    return node;
  }

  /** The secret values of these options as text, as they could appear in output (longest first). */
  public List<String> values(ObjectNode options) {
    Set<String> out = new LinkedHashSet<>();
    for (List<String> p : paths) {
      ObjectNode parent = parent(options, p);
      JsonNode v = parent == null ? null : parent.get(p.get(p.size() - 1));
      if (v == null || v.isNull()) {
        continue;
      }
      String text = v.isTextual() ? v.asText() : Json.compact(v);
      if (text.length() >= MIN_REDACTED_LENGTH) {
        out.add(text);
        String escaped = Json.compact(text);
        out.add(escaped.substring(1, escaped.length() - 1));
      }
    }
    List<String> sorted = new ArrayList<>(out);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return sorted;
  }

  /** Deep-merges secret values back into stripped options. */
  public static ObjectNode merge(ObjectNode options, ObjectNode secrets) {
    return Json.deepMerge(options, secrets);
  }

  private static ObjectNode parent(ObjectNode root, List<String> path) {
    JsonNode cursor = root;
    for (String segment : path.subList(0, path.size() - 1)) {
      cursor = cursor.get(segment);
      if (cursor == null || !cursor.isObject()) {
        return null;
      }
    }
    return (ObjectNode) cursor;
  }

  @Override
  public String toString() {
    return Arrays.toString(paths().toArray());
  }
}
