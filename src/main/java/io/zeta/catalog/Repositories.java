package io.zeta.catalog;

import io.zeta.ZetaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Opens a repository from its URI: a directory, a local index file, or an index over HTTP(S). */
public final class Repositories {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** The media types Cosmos asks a repository server for, newest first. */
  static final String ACCEPT = "application/vnd.dcos.universe.repo+json;charset=utf-8;version=v5,"
      + "application/vnd.dcos.universe.repo+json;charset=utf-8;version=v4,"
      + "application/vnd.dcos.universe.repo+json;charset=utf-8;version=v3,application/json;q=0.5";

  private Repositories() {}

  /**
   * Opens the repository.
   *
   * @param cacheDir where directory repositories keep their scan cache, or null
   */
  public static PackageRepository open(RepositoryRef ref, Path cacheDir) {
    URI uri = parse(ref.uri());
    String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "file" -> openLocal(ref, localPath(uri, ref.uri()), cacheDir);
      case "http", "https" -> IndexRepository.parse(ref.name(), ref.uri(), uri, fetch(uri));
      default -> throw new ZetaException("repository " + ref.uri() + ": unsupported scheme " + scheme
          + "; use a directory, a file: URI or an http(s): URI");
    };
  }

  /** A directory or index path as the user typed it ("packages/", "/x/repo.json") or a file: URI. */
  public static URI parse(String text) {
    if (text.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !text.matches("^[A-Za-z]:\\\\.*")) {
      try {
        return new URI(text);
      } catch (URISyntaxException e) {
        throw new ZetaException("invalid repository URI " + text + ": " + e.getReason());
      }
    }
    return Path.of(text).toAbsolutePath().normalize().toUri();
  }

  private static Path localPath(URI uri, String text) {
    try {
      return Path.of(uri);
    } catch (IllegalArgumentException e) {
      throw new ZetaException("invalid file URI " + text + ": " + e.getMessage());
    }
  }

  private static PackageRepository openLocal(RepositoryRef ref, Path path, Path cacheDir) {
    if (Files.isDirectory(path)) {
      return DirectoryRepository.open(ref.name(), ref.uri(), path, cacheDir);
    }
    if (Files.isRegularFile(path)) {
      try {
        return IndexRepository.parse(ref.name(), ref.uri(), path.toUri(), Files.readAllBytes(path));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new ZetaException("repository " + ref.uri() + " does not exist (no directory or index file at " + path + ")");
  }

  private static byte[] fetch(URI uri) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("Accept", ACCEPT).header("Accept-Encoding", "gzip").header("User-Agent", "zeta/0.1 dcos/2.0")
        .GET().build();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip")
          ? new GZIPInputStream(response.body()) : response.body()) {
        byte[] bytes = body.readAllBytes();
        if (response.statusCode() != 200) {
          throw new ZetaException("repository " + uri + " answered HTTP " + response.statusCode());
        }
        return bytes;
      }
    } catch (IOException e) {
      String why = io.zeta.Causes.describe(e);
      String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
      if (why.equals(io.zeta.Causes.UNKNOWN_HOST)) {
        throw new ZetaException("repository " + uri + " could not be fetched: unknown host " + uri.getHost(),
            "check the host name in the URL; `zeta package repo list` shows the repositories", e);
      }
      throw new ZetaException("repository " + uri + " could not be fetched: " + why
          + (io.zeta.Causes.isNetwork(e) && !why.contains(String.valueOf(uri.getHost())) ? " by " + where : ""),
          "check the URL and that its server runs; `zeta package repo list` shows the repositories", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZetaException("interrupted while fetching " + uri, e);
    }
  }
}
