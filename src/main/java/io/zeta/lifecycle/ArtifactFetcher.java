package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Copies an artifact from where a package says it is (http, https, file, hdfs or any Hadoop
 * scheme) into the cluster, computing its sha256 on the way and checking it when the package
 * gives one.
 */
public final class ArtifactFetcher {
  private static final int BUFFER = 1 << 20;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  private final Configuration hadoop;

  public ArtifactFetcher(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /** What was copied. */
  public record Fetched(String sha256, long size) {}

  public Fetched fetch(String what, URI source, Storage storage, String dest, Optional<String> sha256, Progress progress)
      throws IOException {
    String scheme = source.getScheme() == null ? "file" : source.getScheme().toLowerCase(Locale.ROOT);
    Fetched fetched;
    switch (scheme) {
      case "http", "https" -> fetched = fetchHttp(what, source, storage, dest, progress);
      case "file" -> {
        Path path = Path.of(source);
        if (!Files.isRegularFile(path)) {
          throw new ZetaException(what + ": no such file " + path);
        }
        try (InputStream in = Files.newInputStream(path)) {
          fetched = copy(in, Files.size(path), what, storage, dest, progress);
        }
      }
      default -> {
        FileSystem fs = FileSystem.newInstance(source, hadoop);
        try (fs; InputStream in = fs.open(new org.apache.hadoop.fs.Path(source))) {
          long size = fs.getFileStatus(new org.apache.hadoop.fs.Path(source)).getLen();
          fetched = copy(in, size, what, storage, dest, progress);
        } catch (java.io.FileNotFoundException e) {
          throw new ZetaException(what + ": not found: " + source);
        }
      }
    }
    if (sha256.isPresent() && !sha256.get().equalsIgnoreCase(fetched.sha256())) {
      throw new ZetaException(what + ": sha256 mismatch for " + source + ": the package says " + sha256.get()
          + ", the download is " + fetched.sha256(), "the artifact changed or the download was corrupted; nothing was staged", null);
    }
    return fetched;
  }

  private Fetched fetchHttp(String what, URI source, Storage storage, String dest, Progress progress) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(source).GET().header("User-Agent", "zeta/0.1").build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZetaException(what + ": interrupted");
    } catch (IOException e) {
      throw new ZetaException(what + ": cannot download " + source + ": " + e.getMessage(), e);
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new ZetaException(what + ": " + source + " answered HTTP " + response.statusCode());
      }
      long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      return copy(in, length, what, storage, dest, progress);
    }
  }

  private static Fetched copy(InputStream in, long total, String what, Storage storage, String dest, Progress progress)
      throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[BUFFER];
    long size = 0;
    progress.start(what, total);
    try (OutputStream out = storage.create(dest)) {
      int n;
      while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
        size += n;
        progress.advance(n);
      }
    } finally {
      progress.done();
    }
    return new Fetched(HexFormat.of().formatHex(digest.digest()), size);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
