package io.zeta.scheduler.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Copies one artifact URI to a file, by the Mesos fetcher's routes: local paths and file: URIs are
 * copied, http(s) is downloaded (anything but 200 is an error), everything else goes to Hadoop.
 */
final class ArtifactSource {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(30))
      .followRedirects(HttpClient.Redirect.NORMAL)
      .build();

  private ArtifactSource() {}

  /**
   * The fetcher's output name: the text after the last '/' (after "://" for URIs); '?' and '='
   * stay in it, as in Mesos.
   */
  static String basename(String uri) {
    int start = uri.indexOf("://");
    String rest = start < 0 ? uri : uri.substring(start + 3);
    int slash = rest.lastIndexOf('/');
    String name = slash < 0 ? (start < 0 ? rest : "") : rest.substring(slash + 1);
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new FetchException("cannot fetch " + uri + ": the URI names no file (set destPath)");
    }
    if (name.contains("\\") || name.contains("'") || name.indexOf('\0') >= 0) {
      throw new FetchException("cannot fetch " + uri + ": the file name " + name + " contains \\, ' or NUL");
    }
    return name;
  }

  static void copy(String uri, Path target) {
    try {
      if (!SCHEME.matcher(uri).matches() && !uri.startsWith("file:")) {
        copyLocal(uri, Path.of(uri), target);
        return;
      }
      URI parsed = new URI(uri);
      String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
      switch (scheme) {
        case "file" -> copyLocal(uri, localPath(parsed, uri), target);
        case "http", "https" -> download(uri, parsed, target);
        default -> {
          try {
            HadoopSource.copy(parsed, target);
          } catch (IOException | RuntimeException e) {
            throw new FetchException("cannot fetch " + uri + " through Hadoop: " + e.getMessage(), e);
          }
        }
      }
    } catch (URISyntaxException e) {
      throw new FetchException("cannot fetch " + uri + ": not a valid URI (" + e.getReason() + ")");
    }
  }

  private static Path localPath(URI parsed, String uri) {
    String host = parsed.getAuthority();
    if (host != null && !host.isEmpty() && !host.equals("localhost")) {
      throw new FetchException("cannot fetch " + uri + ": file: URIs must name this host (file:///path)");
    }
    return Path.of(parsed.getPath());
  }

  private static void copyLocal(String uri, Path source, Path target) {
    if (!source.isAbsolute()) {
      throw new FetchException("cannot fetch " + uri + ": a relative path; use an absolute path or a file:// URI");
    }
    try {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      throw new FetchException("cannot fetch " + uri + ": no such file " + source);
    } catch (IOException e) {
      throw new FetchException("cannot fetch " + uri + ": " + e, e);
    }
  }

  private static void download(String uri, URI parsed, Path target) {
    HttpRequest request = HttpRequest.newBuilder(parsed).timeout(Duration.ofMinutes(10)).GET().build();
    try {
      HttpResponse<Path> r = HTTP.send(request, HttpResponse.BodyHandlers.ofFile(target));
      if (r.statusCode() != 200) {
        Files.deleteIfExists(target);
        throw new FetchException("cannot fetch " + uri + ": HTTP " + r.statusCode());
      }
    } catch (IOException e) {
      throw new FetchException("cannot fetch " + uri + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted while fetching " + uri, e);
    }
  }
}
