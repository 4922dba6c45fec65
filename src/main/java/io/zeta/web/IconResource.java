package io.zeta.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.RepositoryRef;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.server.Packages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /zeta/v1/catalog/{name}/icon?version=&size=small|medium|large}: the package's icon
 * ({@code resource.json} {@code images}) through this server, so the page never loads anything from
 * another host. An icon inside a local repository is sent as it is; a remote one is fetched by the
 * server only when the operator allowed it ({@code zeta serve --fetch-icons}: bounded size and time,
 * images only, kept in memory); otherwise, and when the package has none, a drawn placeholder.
 */
final class IconResource implements Resource {
  static final int MAX_BYTES = 512 * 1024;
  private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "svg", "image/svg+xml",
      "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp");
  private final Packages packages;
  private final CatalogResource catalog;
  private final boolean fetchRemote;
  private final Map<String, Optional<Response>> remote = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  IconResource(Packages packages, CatalogResource catalog, boolean fetchRemote) {
    this.packages = packages;
    this.catalog = catalog;
    this.fetchRemote = fetchRemote;
  }

  static String url(String name, String version) {
    return "/zeta/v1/catalog/" + CatalogResource.enc(name) + "/icon?version=" + CatalogResource.enc(version);
  }

  @Override
  public void register(Routes routes) {
    routes.get("/zeta/v1/catalog/{name}/icon", request -> {
      PackageDefinition def = catalog.resolve(request.param("name"), request.first("version"));
      String size = request.first("size").filter(s -> s.matches("small|medium|large")).orElse("medium");
      JsonNode images = def.resource().map(r -> r.path("images")).orElse(null);
      String url = images == null ? "" : images.path("icon-" + size).asText(images.path("icon-medium").asText(""));
      Optional<Response> icon = url.isEmpty() ? Optional.empty() : local(url).or(() -> fetched(url));
      return icon.orElseGet(() -> placeholder(def.name())).withHeaders(StaticResource.SECURITY)
          .withHeader("Cache-Control", "max-age=3600");
    });
  }

  private Optional<Response> local(String url) {
    try {
      URI u = URI.create(url);
      if (!"file".equalsIgnoreCase(u.getScheme())) {
        return Optional.empty();
      }
      Path file = Paths.get(u).toRealPath();
      for (RepositoryRef r : packages.list().list()) {
        URI root = URI.create(r.uri());
        if (root.getScheme() != null && !root.getScheme().equalsIgnoreCase("file")) {
          continue;
        }
        Path dir = Paths.get(root).toRealPath();
        if (Files.isDirectory(dir) && file.startsWith(dir) && Files.isRegularFile(file) && Files.size(file) <= MAX_BYTES) {
          Optional<String> type = type(file.getFileName().toString());
          if (type.isPresent()) {
            return Optional.of(new Response(200, Map.of(), type.get(), Files.readAllBytes(file)));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not a readable local file: the placeholder.
    }
    return Optional.empty();
  }

  private Optional<Response> fetched(String url) {
    if (!fetchRemote || !(url.startsWith("https://") || url.startsWith("http://"))) {
      return Optional.empty();
    }
    if (remote.size() > 2000) {
      remote.clear();
    }
    return remote.computeIfAbsent(url, u -> {
      try {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(u)).timeout(Duration.ofSeconds(5)).GET()
            .build(), HttpResponse.BodyHandlers.ofByteArray());
        String ct = r.headers().firstValue("content-type").orElse("").split(";")[0].trim();
        if (r.statusCode() == 200 && r.body().length <= MAX_BYTES && IMAGE_TYPES.containsValue(ct)) {
          return Optional.of(new Response(200, Map.of(), ct, r.body()));
        }
      } catch (IOException | RuntimeException e) {
        // Unreachable or refused: the placeholder.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optional.empty();
    });
  }

  private static Optional<String> type(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? Optional.empty() : Optional.ofNullable(IMAGE_TYPES.get(name.substring(dot + 1).toLowerCase()));
  }

  /** A square with the package's initial, in a colour derived from its name. */
  static Response placeholder(String name) {
    String letter = name.isEmpty() ? "?" : name.substring(0, 1).toUpperCase();
    if (!letter.matches("[A-Z0-9]")) {
      letter = "?";
    }
    int hue = Math.floorMod(name.hashCode(), 360);
    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\" width=\"64\" height=\"64\">"
        + "<rect width=\"64\" height=\"64\" rx=\"12\" fill=\"hsl(" + hue + ",45%,35%)\"/>"
        + "<text x=\"32\" y=\"42\" font-family=\"sans-serif\" font-size=\"30\" text-anchor=\"middle\" fill=\"#fff\">"
        + letter + "</text></svg>";
    return new Response(200, Map.of(), "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8));
  }
}
