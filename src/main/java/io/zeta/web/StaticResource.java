package io.zeta.web;

import io.zeta.http.HttpError;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's own files, from the jar ({@code io/zeta/web/ui/}): {@code /} is the page, the rest
 * under {@code /console/}. Served to anyone (they hold no data); every answer forbids framing and
 * sniffing and allows scripts, styles and images from this server only (no CDN, no inline script).
 */
final class StaticResource implements Resource {
  static final String BASE = "io/zeta/web/ui/";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*");
  static final Map<String, String> SECURITY = Map.of(
      "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
          + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      "X-Content-Type-Options", "nosniff",
      "X-Frame-Options", "DENY",
      "Referrer-Policy", "no-referrer");
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  static boolean isConsoleFile(String path) {
    return path.equals("/") || path.equals("/console") || path.startsWith("/console/");
  }

  @Override
  public void register(Routes routes) {
    routes.get("/", request -> file("index.html"));
    routes.get("/console", request -> file("index.html"));
    routes.get("/console/{name*}", request -> file(request.param("name")));
  }

  private Response file(String name) {
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw HttpError.of(404, "HTTP 404 Not Found");
    }
    byte[] bytes = cache.computeIfAbsent(name, StaticResource::read);
    if (bytes.length == 0) {
      cache.remove(name);
      throw HttpError.of(404, "HTTP 404 Not Found: no console file " + name);
    }
    return new Response(200, SECURITY, type(name), bytes).withHeader("Cache-Control", "no-cache");
  }

  private static byte[] read(String name) {
    try (InputStream in = StaticResource.class.getClassLoader().getResourceAsStream(BASE + name)) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String type(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "txt" -> "text/plain; charset=utf-8";
      case "json" -> "application/json";
      default -> "application/octet-stream";
    };
  }
}
