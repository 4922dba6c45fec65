package io.zeta.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.json.Json;
import io.zeta.json.JsonSchema;
import io.zeta.json.SchemaViolation;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A package's options as Cosmos resolves them: defaults from config.json, deep-merged with the
 * user's options, then validated against config.json (draft-04).
 *
 * @param user what the user gave (the DCOS_PACKAGE_OPTIONS label)
 * @param resolved defaults merged with the user's options (what templates see)
 */
public record Options(ObjectNode user, ObjectNode resolved) {

  public Options {
    user = user.deepCopy();
    resolved = resolved.deepCopy();
  }

  /** Resolves and validates; bad options throw with every failing JSON pointer named. */
  public static Options resolve(PackageDefinition pkg, ObjectNode user) {
    Options options = merge(pkg, user);
    List<SchemaViolation> violations = options.violations(pkg);
    if (!violations.isEmpty()) {
      List<String> typeHints = options.typeMismatches(pkg, violations);
      String hint = typeHints.stream().filter(h -> h.contains("--set-string")).findFirst()
          .map(h -> h.substring(h.indexOf("quote it: ") + "quote it: ".length()).replaceAll("[);]+$", "")
              + " (or quote the value in an options file)")
          .orElse("see the options schema with `zeta package describe " + pkg.name() + " --config`");
      // A violation may quote the value it rejects: secret values are masked.
      throw Secrets.of(pkg).redact(new ZetaException("options do not match the config.json of " + pkg.name() + "@" + pkg.version() + ": "
          + (typeHints.isEmpty() ? "" : String.join("; ", typeHints) + "; ")
          + violations.stream().map(SchemaViolation::toString).collect(Collectors.joining("; ")),
          hint, null), options.resolved());
    }
    return options;
  }

  /**
   * Where a value has another JSON type than config.json asks for, one plain sentence each:
   * {@code port must be an integer; got the string "abc"}. A number or boolean where a string is
   * expected is what {@code --set version=1.10} gives (it reads 1.10 as JSON): the sentence says
   * how to quote it.
   */
  List<String> typeMismatches(PackageDefinition pkg, List<SchemaViolation> violations) {
    List<String> out = new java.util.ArrayList<>();
    JsonNode schema = pkg.config().orElse(null);
    if (schema == null) {
      return out;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (SchemaViolation v : violations) {
      if (v.pointer().isEmpty() || !seen.add(v.pointer())) {
        continue;
      }
      JsonNode value = resolved.at(v.pointer());
      JsonNode property = propertyAt(schema, v.pointer());
      if (value.isMissingNode() || property == null || !property.path("type").isTextual()) {
        continue;
      }
      String expected = property.get("type").asText();
      if (matches(value, expected)) {
        continue;
      }
      String key = dotted(v.pointer());
      String got = value.isTextual() ? "the string " + Json.compact(value) : Json.typeName(value).replaceFirst("^an? ", "the ")
          + (value.isValueNode() && !value.isNull() ? " " + value.asText() : "");
      if (value.isNull()) {
        got = "null";
      }
      String sentence = key + " must be " + article(expected) + "; got " + got;
      if (expected.equals("string") && (value.isNumber() || value.isBoolean() || value.isNull())) {
        sentence += " (--set reads " + value.asText() + " as JSON; quote it: --set-string " + key + "=" + value.asText() + ")";
      }
      out.add(sentence);
    }
    return out;
  }

  private static boolean matches(JsonNode value, String type) {
    return switch (type) {
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "null" -> value.isNull();
      default -> true;
    };
  }

  private static String article(String type) {
    return switch (type) {
      case "integer", "array", "object" -> "an " + type;
      case "null" -> "null";
      default -> "a " + type;
    };
  }

  /** The config.json property an options pointer names ({@code /service/port}), through nested properties. */
  private static JsonNode propertyAt(JsonNode schema, String pointer) {
    JsonNode node = schema;
    for (String segment : pointer.substring(1).split("/", -1)) {
      String name = segment.replace("~1", "/").replace("~0", "~");
      node = node.path("properties").get(name);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private static String dotted(String pointer) {
    return String.join(".", java.util.Arrays.stream(pointer.substring(1).split("/", -1))
        .map(s -> s.replace("~1", "/").replace("~0", "~")).toList());
  }

  /** A package's default options, extracted once per definition (never handed out: merge copies). */
  private static final java.util.Map<PackageDefinition, ObjectNode> DEFAULTS =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** Defaults deep-merged with the user's options, not yet validated. */
  public static Options merge(PackageDefinition pkg, ObjectNode user) {
    ObjectNode defaults = DEFAULTS.computeIfAbsent(pkg, p -> p.config().map(Options::defaults).orElseGet(Json::object));
    ObjectNode merged = Json.deepMerge(defaults, user);
    if (!pkg.hasConfig() && !merged.isEmpty()) {
      throw new ZetaException(pkg.name() + "@" + pkg.version() + " takes no options (it has no config.json), but options were given: "
          + String.join(", ", (Iterable<String>) user::fieldNames));
    }
    return new Options(user, merged);
  }

  /**
   * Where the resolved options break config.json. As in Cosmos, empty options are not checked,
   * and the check is on defaults and user options merged.
   */
  public List<SchemaViolation> violations(PackageDefinition pkg) {
    if (!pkg.hasConfig() || resolved.isEmpty()) {
      return List.of();
    }
    return SCHEMAS.computeIfAbsent(pkg, p -> JsonSchema.compile(p.config().orElseThrow(), p.name() + " config.json"))
        .validate(resolved);
  }

  /** A package's options schema, compiled once per definition. */
  private static final java.util.Map<PackageDefinition, JsonSchema> SCHEMAS =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /**
   * Cosmos's defaults: for each property, its {@code default} if it has one (taken whole),
   * otherwise, if it has {@code properties}, the defaults of those (an object, possibly empty).
   */
  public static ObjectNode defaults(ObjectNode schema) {
    return defaultsOf(schema.get("properties"));
  }

  private static ObjectNode defaultsOf(JsonNode properties) {
    ObjectNode out = Json.object();
    if (properties == null || !properties.isObject()) {
      return out;
    }
    properties.fields().forEachRemaining(e -> {
      JsonNode def = e.getValue();
      if (!def.isObject()) {
        return;
      }
      if (def.has("default")) {
        out.set(e.getKey(), def.get("default").deepCopy());
      } else if (def.has("properties")) {
        out.set(e.getKey(), defaultsOf(def.get("properties")));
      }
    });
    return out;
  }

  /**
   * Applies {@code a.b.c=value} to an options object, as {@code helm --set} does: the value is
   * read as JSON when it parses (numbers, booleans, null, arrays, objects), as a string otherwise.
   */
  public static ObjectNode set(ObjectNode options, String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ZetaException("--set expects KEY=VALUE (KEY may be dotted: service.name=x), got '" + assignment + "'");
    }
    String[] path = assignment.substring(0, eq).split("\\.", -1);
    for (String segment : path) {
      if (segment.isEmpty()) {
        throw new ZetaException("--set " + assignment.substring(0, eq) + "=...: empty segment in key " + assignment.substring(0, eq));
      }
    }
    JsonNode value = parseValue(assignment.substring(eq + 1));
    ObjectNode result = options.deepCopy();
    ObjectNode cursor = result;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode next = cursor.get(path[i]);
      if (next == null || !next.isObject()) {
        next = cursor.putObject(path[i]);
      }
      cursor = (ObjectNode) next;
    }
    cursor.set(path[path.length - 1], value);
    return result;
  }

  private static JsonNode parseValue(String text) {
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      return node == null || node.isMissingNode() ? TextNode.valueOf(text) : node;
    } catch (Exception notJson) {
      return TextNode.valueOf(text);
    }
  }
}
