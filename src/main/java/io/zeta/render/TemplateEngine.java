package io.zeta.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Mustache as Cosmos runs it (mustache.java with HTML escaping off), over a JSON context converted
 * to Java values the way Cosmos converts it.
 */
public final class TemplateEngine {
  /** How string values are written into the output. */
  public enum Strings {
    /**
     * Cosmos's rule for Marathon templates: JSON-escaped without the outer quotes (templates write
     * {@code "{{x}}"}); strings that are array elements keep their quotes.
     */
    JSON_ESCAPED,
    /** Verbatim, for config files that are not JSON. */
    RAW
  }

  /** The name of Cosmos's lambda that emits the JSON text held in a top-level string option. */
  public static final String AS_JSON = "asJson";

  private static final DefaultMustacheFactory FACTORY = new DefaultMustacheFactory() {
    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(value);
      } catch (java.io.IOException e) {
        throw new MustacheException("write failed", e);
      }
    }
  };
  private static final Map<String, Mustache> COMPILED = new ConcurrentHashMap<>();

  private TemplateEngine() {}

  /**
   * Renders a template. Compiled templates are kept by their text, so rendering the same template
   * again costs only its execution.
   *
   * @param name names the template in errors
   */
  public static String render(String template, String name, ObjectNode context, Strings strings) {
    Mustache mustache = compile(template, name);
    Map<String, Object> scope = toJavaObject(context, strings);
    scope.put(AS_JSON, asJsonLambda(context));
    StringWriter out = new StringWriter(template.length() + 256);
    try {
      mustache.execute(out, scope);
    } catch (MustacheException e) {
      throw new ZetaException(name + ": template failed: " + e.getMessage(), e);
    }
    return out.toString();
  }

  private static Mustache compile(String template, String name) {
    Mustache cached = COMPILED.get(template);
    if (cached != null) {
      return cached;
    }
    try {
      Mustache compiled = FACTORY.compile(new StringReader(template), name);
      if (COMPILED.size() < 4096) {
        COMPILED.put(template, compiled);
      }
      return compiled;
    } catch (MustacheException e) {
      throw new ZetaException(name + ": not a valid mustache template: " + e.getMessage(), e);
    }
  }

  /**
   * {@code {{#asJson}}key{{/asJson}}}: the raw JSON text of the top-level string option
   * {@code key}, so a template can inject a JSON value an option holds as text; {@code null} for a
   * key that is missing or not a string.
   */
  private static Function<String, String> asJsonLambda(ObjectNode context) {
    return key -> {
      JsonNode value = context.get(key.trim());
      return value != null && value.isTextual() ? value.asText() : "null";
    };
  }

  static Map<String, Object> toJavaObject(ObjectNode node, Strings strings) {
    Map<String, Object> map = new HashMap<>();
    node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue(), false, strings)));
    return map;
  }

  private static Object toJava(JsonNode node, boolean inArray, Strings strings) {
    switch (node.getNodeType()) {
      case NULL:
      case MISSING:
        return null;
      case BOOLEAN:
        return node.booleanValue();
      case NUMBER:
        return number(node);
      case STRING:
        if (strings == Strings.RAW) {
          return node.textValue();
        }
        String quoted = Json.compact(node);
        return inArray ? quoted : quoted.substring(1, quoted.length() - 1);
      case ARRAY:
        List<Object> list = new ArrayList<>(node.size());
        node.forEach(n -> list.add(toJava(n, true, strings)));
        return list;
      case OBJECT:
        return toJavaObject((ObjectNode) node, strings);
      default:
        return node.toString();
    }
  }

  /** Integral values (also 1.0) as integers, anything else as a Java double, as circe's toBigInt does. */
  private static Object number(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue();
    }
    BigDecimal d = node.decimalValue();
    try {
      BigInteger exact = d.stripTrailingZeros().toBigIntegerExact();
      return exact;
    } catch (ArithmeticException notIntegral) {
      return d.doubleValue();
    }
  }
}
