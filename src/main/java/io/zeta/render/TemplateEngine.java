package io.zeta.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import io.zeta.ZetaException;
import io.zeta.catalog.TemplateSyntax;
import io.zeta.json.Json;
import java.io.StringReader;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** Most characters one render may produce (a Marathon app, a config file, an env value). */
  public static final int MAX_OUTPUT_CHARS = 16 * 1024 * 1024;
  /** Most list elements one render may visit, all sections together: nested sections multiply. */
  public static final long MAX_ITERATIONS = 1_000_000;

  /** Most characters all renders of one instance may produce together (see {@link #totalBudget}). */
  public static final long MAX_TOTAL_CHARS = 64L * 1024 * 1024;
  private static final ThreadLocal<long[]> TOTAL = new ThreadLocal<>();

  private static final DefaultMustacheFactory FACTORY = TemplateSyntax.factory();
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
    Budget budget = new Budget();
    Map<String, Object> scope = toJavaObject(context, strings, budget);
    scope.put(AS_JSON, asJsonLambda(context));
    BoundedWriter out = new BoundedWriter(Math.min(template.length() + 256, 1 << 16));
    try {
      mustache.execute(out, scope);
    } catch (RuntimeException e) {
      Optional<LimitExceeded> limit = limitIn(e);
      if (limit.isPresent()) {
        throw new ZetaException(name + ": template refused: " + limit.get().getMessage(),
            "a package's template may not expand without bound; check the options given to lists it iterates", null);
      }
      if (e instanceof MustacheException) {
        throw new ZetaException(name + ": template failed: " + e.getMessage(), e);
      }
      throw e;
    }
    String text = out.toString();
    long[] total = TOTAL.get();
    if (total != null && (total[0] += text.length()) > MAX_TOTAL_CHARS) {
      throw new ZetaException(name + ": template refused: the rendered files of one instance exceed "
          + MAX_TOTAL_CHARS / (1024 * 1024) + " MiB together (Zeta's limit)");
    }
    return text;
  }

  /**
   * Bounds every render on this thread until closed to {@link #MAX_TOTAL_CHARS} together: an
   * instance renders many templates (apps, copies, config files, env values), each bounded alone.
   */
  public static Bound totalBudget() {
    TOTAL.set(new long[1]);
    return TOTAL::remove;
  }

  /** The scope of {@link #totalBudget}. */
  public interface Bound extends AutoCloseable {
    @Override
    void close();
  }

  /** Why a render stopped early. */
  static final class LimitExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
      super(message, null, false, false);
    }
  }

  private static Optional<LimitExceeded> limitIn(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof LimitExceeded l) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /**
   * The writer mustache renders into: throws once the output passes {@link #MAX_OUTPUT_CHARS},
   * so a template that expands without bound fails in milliseconds instead of filling the heap.
   */
  static final class BoundedWriter extends Writer {
    private final StringBuilder buffer;

    BoundedWriter(int initial) {
      buffer = new StringBuilder(initial);
    }

    @Override
    public void write(char[] chars, int off, int len) {
      room(len);
      buffer.append(chars, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
      room(len);
      buffer.append(s, off, off + len);
    }

    @Override
    public void write(int c) {
      room(1);
      buffer.append((char) c);
    }

    private void room(int len) {
      if ((long) buffer.length() + len > MAX_OUTPUT_CHARS) {
        throw new LimitExceeded("output exceeds " + MAX_OUTPUT_CHARS / (1024 * 1024) + " MiB (Zeta's limit per rendered file)");
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return buffer.toString();
    }
  }

  /** Counts the list elements sections visit during one render. */
  static final class Budget {
    private long iterations;

    void step() {
      if (++iterations > MAX_ITERATIONS) {
        throw new LimitExceeded("sections iterate over more than " + MAX_ITERATIONS
            + " list elements (Zeta's limit per rendered file)");
      }
    }
  }

  /** A list whose elements count against the render's budget as sections visit them. */
  private static final class CountedList extends java.util.AbstractList<Object> {
    private final List<Object> items;
    private final Budget budget;

    CountedList(List<Object> items, Budget budget) {
      this.items = items;
      this.budget = budget;
    }

    @Override
    public Object get(int index) {
      budget.step();
      return items.get(index);
    }

    @Override
    public int size() {
      return items.size();
    }
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
      Optional<TemplateSyntax.PartialRefused> partial = TemplateSyntax.partialIn(e);
      if (partial.isPresent()) {
        throw new ZetaException(name + ": " + partial.get().getMessage());
      }
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
    return toJavaObject(node, strings, new Budget());
  }

  private static Map<String, Object> toJavaObject(ObjectNode node, Strings strings, Budget budget) {
    Map<String, Object> map = new HashMap<>();
    node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue(), false, strings, budget)));
    return map;
  }

  private static Object toJava(JsonNode node, boolean inArray, Strings strings, Budget budget) {
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
        node.forEach(n -> list.add(toJava(n, true, strings, budget)));
        return new CountedList(list, budget);
      case OBJECT:
        return toJavaObject((ObjectNode) node, strings, budget);
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
