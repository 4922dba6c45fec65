package io.zeta.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.PackageRepository;
import io.zeta.catalog.PackageSummary;
import io.zeta.catalog.RepositoryRef;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /package/resource?url=...}. As in Cosmos, only a URL that some package's resource
 * names (assets, images, cli binaries) is served, 403 otherwise; and the URI of a local repository
 * (how {@code repository/list} shows it). Zeta serves files of local repositories only: the file must
 * lie inside a repository on this machine; other URLs are never fetched (501, fetch them directly).
 */
final class PackageResourceProxy implements Resource {
  static final long MAX_BYTES = 64L << 20;
  private final Packages packages;

  PackageResourceProxy(Packages packages) {
    this.packages = packages;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/package/resource", request -> {
      String url = request.first("url").filter(u -> !u.isBlank()).orElseThrow(() -> CosmosError.of(400,
          "MissingQueryParameter", "the query parameter url is required: /package/resource?url=<resource URL>"));
      Set<String> repoUris = new HashSet<>();
      packages.list().list().forEach(r -> repoUris.add(r.uri()));
      if (!repoUris.contains(url) && !packageUrls().contains(url)) {
        ObjectNode data = Json.object();
        data.put("url", url);
        throw CosmosError.of(403, "Forbidden", "URL [" + url + "] is not a resource of any package in the "
            + "repositories of this server", data, Map.of());
      }
      Path file = localFile(url).orElseThrow(() -> CosmosError.of(501, "NotImplemented", "zeta serve serves "
          + "resources of local repositories only; fetch [" + url + "] directly"));
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw CosmosError.of(413, "ResourceTooLarge", "resource [" + url + "] is " + size + " bytes, more than the "
            + MAX_BYTES + " this server sends");
      }
      String type = file.getFileName().toString().endsWith(".json") ? "application/json" : "application/octet-stream";
      return new Response(200, Map.of("Content-Disposition", "attachment; filename=\"" + file.getFileName()
          .toString().replaceAll("[^A-Za-z0-9._-]", "_") + "\""), type, Files.readAllBytes(file));
    });
  }

  /** Every URL in the resource definitions of every package version (docker image names excluded). */
  private Set<String> packageUrls() {
    return packages.resourceUrls(() -> {
      Set<String> urls = new HashSet<>();
      var catalog = packages.catalog();
      for (PackageSummary s : catalog.all()) {
        for (PackageRepository repo : catalog.repositories()) {
          if (repo.name().equals(s.repository())) {
            repo.load(s.name(), s.releaseVersion()).resource().ifPresent(r -> collect(r, urls));
          }
        }
      }
      return urls;
    });
  }

  private static void collect(ObjectNode resource, Set<String> urls) {
    ObjectNode copy = resource.deepCopy();
    if (copy.get("assets") instanceof ObjectNode assets) {
      assets.remove("container");
    }
    leaves(copy, urls);
  }

  private static void leaves(JsonNode node, Set<String> urls) {
    if (node.isTextual()) {
      urls.add(node.asText());
    }
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      leaves(it.next(), urls);
    }
  }

  /** The file a file: URL names when it lies inside a local repository (a directory, or the index file itself). */
  private Optional<Path> localFile(String url) throws IOException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!"file".equalsIgnoreCase(uri.getScheme())) {
      return Optional.empty();
    }
    Path wanted;
    try {
      wanted = Paths.get(uri).toRealPath();
    } catch (IOException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(wanted)) {
      return Optional.empty();
    }
    for (RepositoryRef r : packages.list().list()) {
      Optional<Path> root = localRoot(r.uri());
      if (root.isPresent() && (wanted.equals(root.get()) || (Files.isDirectory(root.get())
          && wanted.startsWith(root.get())))) {
        return Optional.of(wanted);
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> localRoot(String repoUri) {
    try {
      URI u = io.zeta.catalog.Repositories.parse(repoUri);
      if (u.getScheme() != null && !u.getScheme().equalsIgnoreCase("file")) {
        return Optional.empty();
      }
      return Optional.of(Paths.get(u).toRealPath());
    } catch (RuntimeException | IOException e) {
      return Optional.empty();
    }
  }
}
