package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * Copies an artifact from where a package says it is (http(s), a checked local file, or any
 * Hadoop scheme the operator's mirror names) into the cluster, computing its sha256 on the way
 * and checking it when the package gives one. The size is checked too: against the package's
 * declared {@code size}, the server's Content-Length and the operator's cap, so a short or
 * overlong download fails instead of being staged.
 */
public final class ArtifactFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(ArtifactFetcher.class);
  private final Configuration hadoop;
  private final ArtifactPolicy policy;

  public ArtifactFetcher(Configuration hadoop) {
    this(hadoop, ArtifactPolicy.DEFAULT);
  }

  public ArtifactFetcher(Configuration hadoop, ArtifactPolicy policy) {
    this.hadoop = hadoop;
    this.policy = policy;
  }

  public ArtifactPolicy policy() {
    return policy;
  }

  /** What was copied. */
  public record Fetched(String sha256, long size) {}

  /**
   * An artifact to fetch. {@code confinedTo}: for a local file, the real directory it must stay
   * in; {@code size}: the package's declared size.
   */
  record Source(URI uri, Optional<Path> confinedTo, Optional<String> sha256, Optional<Long> size) {}

  /** Fetches from a source the operator trusts (a benchmark, a mirror). */
  public Fetched fetch(String what, URI source, Storage storage, String dest, Optional<String> sha256, Progress progress)
      throws IOException {
    return fetch(what, new Source(source, Optional.empty(), sha256, Optional.empty()), storage, dest, progress);
  }

  Fetched fetch(String what, Source src, Storage storage, String dest, Progress progress) throws IOException {
    URI source = src.uri();
    String scheme = source.getScheme() == null ? "file" : source.getScheme().toLowerCase(Locale.ROOT);
    long started = System.nanoTime();
    LOG.info("{}: fetching {}", what, source);
    long limit = src.size().orElse(policy.maxArtifactSize());
    if (limit > policy.maxArtifactSize()) {
      throw tooLarge(what, source, limit);
    }
    Fetched fetched;
    switch (scheme) {
      case "http", "https" -> fetched = new HttpDownload(what, source, src.size(), policy.maxArtifactSize())
          .copyTo(storage, dest, progress);
      case "file" -> {
        Path path = Path.of(source);
        if (src.confinedTo().isPresent()) {
          path = ArtifactPolicy.confined(what, path, src.confinedTo().get());
        } else if (!Files.isRegularFile(path)) {
          throw new ZetaException(what + ": no such file " + path);
        }
        long size = Files.size(path);
        checkSize(what, source, size, src.size());
        try (InputStream in = Files.newInputStream(path)) {
          fetched = copy(in, size, what, storage, dest, progress);
        }
      }
      default -> {
        FileSystem fs = FileSystem.newInstance(source, hadoop);
        try (fs; InputStream in = fs.open(new org.apache.hadoop.fs.Path(source))) {
          long size = fs.getFileStatus(new org.apache.hadoop.fs.Path(source)).getLen();
          checkSize(what, source, size, src.size());
          fetched = copy(in, size, what, storage, dest, progress);
        } catch (java.io.FileNotFoundException e) {
          throw new ZetaException(what + ": not found: " + source);
        }
      }
    }
    // A local or Hadoop file may change while it is read; the declared size holds whatever the source.
    if (src.size().isPresent() && fetched.size() != src.size().get()) {
      throw sizeMismatch(what, source, fetched.size(), src.size().get());
    }
    long ms = Math.max(1, (System.nanoTime() - started) / 1_000_000);
    LOG.info("{}: {} bytes in {} ms ({} MB/s), sha256 {}", what, fetched.size(), ms, fetched.size() / 1000 / ms,
        fetched.sha256());
    if (src.sha256().isPresent() && !src.sha256().get().equalsIgnoreCase(fetched.sha256())) {
      throw new ZetaException(what + ": sha256 mismatch for " + source + ": the package says " + src.sha256().get()
          + ", the download is " + fetched.sha256(), "the artifact changed or the download was corrupted; nothing was staged", null);
    }
    return fetched;
  }

  private void checkSize(String what, URI source, long size, Optional<Long> declared) {
    if (size > policy.maxArtifactSize()) {
      throw tooLarge(what, source, size);
    }
    if (declared.isPresent() && size != declared.get()) {
      throw sizeMismatch(what, source, size, declared.get());
    }
  }

  ZetaException tooLarge(String what, URI source, long size) {
    return new ZetaException(what + ": " + source + " is " + size + " bytes, above the maximum artifact size of "
        + policy.maxArtifactSize() + " bytes; nothing was staged", "raise the limit with --max-artifact-size SIZE", null);
  }

  static ZetaException sizeMismatch(String what, URI source, long got, long declared) {
    return new ZetaException(what + ": " + source + " is " + got + " bytes but the package declares size " + declared
        + "; nothing was staged", "the artifact changed or the download was cut short; try again or ask the package's maintainer", null);
  }

  static Fetched copy(InputStream in, long total, String what, Storage storage, String dest, Progress progress)
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
