package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies an artifact from where a package says it is (http, https, file, hdfs or any Hadoop
 * scheme) into the cluster, computing its sha256 on the way and checking it when the package
 * gives one.
 */
public final class ArtifactFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(ArtifactFetcher.class);
  private final Configuration hadoop;

  public ArtifactFetcher(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /** What was copied. */
  public record Fetched(String sha256, long size) {}

  public Fetched fetch(String what, URI source, Storage storage, String dest, Optional<String> sha256, Progress progress)
      throws IOException {
    String scheme = source.getScheme() == null ? "file" : source.getScheme().toLowerCase(Locale.ROOT);
    long started = System.nanoTime();
    LOG.info("{}: fetching {}", what, source);
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
    long ms = Math.max(1, (System.nanoTime() - started) / 1_000_000);
    LOG.info("{}: {} bytes in {} ms ({} MB/s), sha256 {}", what, fetched.size(), ms, fetched.size() / 1000 / ms,
        fetched.sha256());
    if (sha256.isPresent() && !sha256.get().equalsIgnoreCase(fetched.sha256())) {
      throw new ZetaException(what + ": sha256 mismatch for " + source + ": the package says " + sha256.get()
          + ", the download is " + fetched.sha256(), "the artifact changed or the download was corrupted; nothing was staged", null);
    }
    return fetched;
  }

  /**
   * HTTP(S) through java.net's blocking connection, read in 1 MiB blocks: for GiB artifacts it
   * measured twice as fast here as java.net.http, whose body publishers hand over 16 KiB buffers.
   */
  private Fetched fetchHttp(String what, URI source, Storage storage, String dest, Progress progress) throws IOException {
    HttpURLConnection connection;
    try {
      connection = (HttpURLConnection) source.toURL().openConnection();
      connection.setConnectTimeout(30_000);
      connection.setReadTimeout(120_000);
      connection.setInstanceFollowRedirects(true);
      connection.setRequestProperty("User-Agent", "zeta/0.1");
      int status = connection.getResponseCode();
      if (status != 200) {
        connection.disconnect();
        throw new ZetaException(what + ": " + source + " answered HTTP " + status);
      }
    } catch (IOException e) {
      throw new ZetaException(what + ": cannot download " + source + ": " + e.getMessage(), e);
    }
    try (InputStream in = connection.getInputStream()) {
      return copy(in, connection.getContentLengthLong(), what, storage, dest, progress);
    } finally {
      connection.disconnect();
    }
  }

  private static Fetched copy(InputStream in, long total, String what, Storage storage, String dest, Progress progress)
      throws IOException {
    progress.start(what, total);
    try (OutputStream out = storage.create(dest)) {
      PipelinedCopy.Result r = PipelinedCopy.copy(in, out, progress);
      return new Fetched(r.sha256(), r.size());
    } finally {
      progress.done();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
