package io.zeta.catalog;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;

/**
 * The mustache Zeta accepts: mustache.java as Cosmos runs it (no HTML escaping), but without
 * partials ({@code {{>name}}}) or template inheritance ({@code {{<name}}}), which read other
 * templates from disk or the classpath: a package's template may only use the package's context.
 * Every place that compiles a template (loading, rendering) uses this factory.
 */
public final class TemplateSyntax {
  /** The message a template using a partial fails with, after its name. */
  public static final String NO_PARTIALS = "partials ({{>name}}) and template inheritance ({{<name}}) are not "
      + "supported: a template may only use its package's options and context; inline the text instead";

  private TemplateSyntax() {}

  /** A new factory (each keeps its own cache of compiled templates). */
  public static DefaultMustacheFactory factory() {
    return new DefaultMustacheFactory() {
      @Override
      public void encode(String value, Writer writer) {
        try {
          writer.write(value);
        } catch (IOException e) {
          throw new MustacheException("write failed", e);
        }
      }

      @Override
      public Mustache compilePartial(String name) {
        throw new PartialRefused(name);
      }

      @Override
      public String resolvePartialPath(String dir, String name, String extension) {
        throw new PartialRefused(name);
      }

      @Override
      public Reader getReader(String resourceName) {
        throw new PartialRefused(resourceName);
      }
    };
  }

  /** Thrown while compiling a template that names another template. */
  public static final class PartialRefused extends MustacheException {
    private static final long serialVersionUID = 1L;

    PartialRefused(String name) {
      super("{{>" + name + "}}: " + NO_PARTIALS);
    }
  }

  /** The refusal of a partial in an exception chain, if that is what failed. */
  public static java.util.Optional<PartialRefused> partialIn(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PartialRefused p) {
        return java.util.Optional.of(p);
      }
    }
    return java.util.Optional.empty();
  }
}
