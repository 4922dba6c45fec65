package io.zeta.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route table: method and path pattern to handler. A pattern is a path whose segments may be
 * {@code {name}} (one segment) or {@code {name*}} (one or more segments, for ids with slashes such
 * as Marathon's app ids). When several patterns match a path, the one with the most literal text
 * wins, so {@code /v2/apps/{id*}/tasks} beats {@code /v2/apps/{id*}} whatever the order in which
 * resources register. Thread-safe to read once built.
 */
public final class Routes {
  /** A route's target: exactly one of the two handlers. */
  public record Route(String method, String pattern, RequestHandler handler, StreamHandler stream,
      Pattern regex, List<String> names, int literalLength, int order) {}

  /** What a path and method resolve to. */
  public record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  public Routes add(Resource resource) {
    resource.register(this);
    return this;
  }

  public Routes get(String pattern, RequestHandler handler) {
    return on("GET", pattern, handler);
  }

  public Routes post(String pattern, RequestHandler handler) {
    return on("POST", pattern, handler);
  }

  public Routes put(String pattern, RequestHandler handler) {
    return on("PUT", pattern, handler);
  }

  public Routes patch(String pattern, RequestHandler handler) {
    return on("PATCH", pattern, handler);
  }

  public Routes delete(String pattern, RequestHandler handler) {
    return on("DELETE", pattern, handler);
  }

  public synchronized Routes on(String method, String pattern, RequestHandler handler) {
    routes.add(compile(method, pattern, handler, null));
    return this;
  }

  /** A GET answered by a stream (server-sent events). */
  public synchronized Routes stream(String pattern, StreamHandler handler) {
    routes.add(compile("GET", pattern, null, handler));
    return this;
  }

  public synchronized List<Route> all() {
    return List.copyOf(routes);
  }

  /**
   * The route for a request: empty when no pattern matches the path; a 405 {@link HttpError}
   * (with {@code Allow}) when patterns match but none for this method.
   */
  public synchronized Optional<Match> resolve(String method, String rawPath) {
    String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
    List<Match> candidates = new ArrayList<>();
    for (Route r : routes) {
      Matcher m = r.regex().matcher(path);
      if (m.matches()) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < r.names().size(); i++) {
          params.put(r.names().get(i), m.group(i + 1));
        }
        candidates.add(new Match(r, params));
      }
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    Comparator<Match> specific = Comparator.comparingInt((Match c) -> -c.route().literalLength())
        .thenComparingInt(c -> c.route().order());
    candidates.sort(specific);
    // The most specific pattern decides the resource; its methods decide 405 (as JAX-RS does).
    String best = candidates.get(0).route().pattern();
    TreeSet<String> allowed = new TreeSet<>();
    for (Match c : candidates) {
      if (c.route().method().equals(method) || (method.equals("HEAD") && c.route().method().equals("GET"))) {
        return Optional.of(c);
      }
      if (c.route().pattern().equals(best)) {
        allowed.add(c.route().method());
      }
    }
    throw HttpError.of(405, "HTTP 405 Method Not Allowed", Map.of("Allow", String.join(", ", allowed)));
  }

  private Route compile(String method, String pattern, RequestHandler handler, StreamHandler stream) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("a route pattern starts with /: " + pattern);
    }
    StringBuilder regex = new StringBuilder();
    List<String> names = new ArrayList<>();
    int literal = 0;
    Matcher m = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)(\\*?)}").matcher(pattern);
    int at = 0;
    while (m.find()) {
      String text = pattern.substring(at, m.start());
      regex.append(Pattern.quote(text));
      literal += text.length();
      names.add(m.group(1));
      regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+?)");
      at = m.end();
    }
    String rest = pattern.substring(at);
    if (!rest.isEmpty()) {
      regex.append(Pattern.quote(rest));
    }
    literal += rest.length();
    return new Route(method, pattern, handler, stream, Pattern.compile(regex.toString()), List.copyOf(names), literal,
        routes.size());
  }
}
