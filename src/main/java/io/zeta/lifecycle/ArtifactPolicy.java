package io.zeta.lifecycle;

import io.zeta.ZetaException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a package may take its artifacts from, decided by the operator: a package is untrusted,
 * so its URLs may only be http(s), or relative ones that stay inside the package; a local file
 * ({@code file:}) only under a directory the operator allows ({@code --allow-local-artifacts});
 * any other scheme (ftp, jar, hdfs, ...) is refused (the operator's {@code --mirror} may name any
 * scheme, since it does not come from the package). Also the cap on one artifact's size.
 */
public record ArtifactPolicy(List<Path> localDirs, long maxArtifactSize) {
  /** The default cap: 8 GiB, above any artifact in the Universe but below a full disk. */
  public static final long DEFAULT_MAX_SIZE = 8L << 30;
  public static final ArtifactPolicy DEFAULT = new ArtifactPolicy(List.of(), DEFAULT_MAX_SIZE);

  public ArtifactPolicy {
    localDirs = List.copyOf(localDirs);
    if (maxArtifactSize <= 0) {
      throw new ZetaException("the maximum artifact size must be positive, got " + maxArtifactSize);
    }
  }

  /** The operator's allowed local directories, each checked to exist and taken as its real path. */
  public static ArtifactPolicy of(List<Path> localDirs, Optional<Long> maxSize) {
    List<Path> real = localDirs.stream().map(ArtifactPolicy::realDirectory).toList();
    return new ArtifactPolicy(real, maxSize.orElse(DEFAULT_MAX_SIZE));
  }

  private static Path realDirectory(Path dir) {
    try {
      Path real = dir.toAbsolutePath().toRealPath();
      if (!Files.isDirectory(real)) {
        throw new ZetaException("--allow-local-artifacts " + dir + ": not a directory");
      }
      return real;
    } catch (IOException e) {
      throw new ZetaException("--allow-local-artifacts " + dir + ": no such directory");
    }
  }

  /**
   * Where an artifact comes from once checked: its URI, and for a local file the real directory
   * it must stay in when it is opened (symlinks resolved), or empty for a network URL.
   */
  record Checked(URI uri, Optional<Path> confinedTo) {}

  /**
   * Resolves a package's artifact URL against the package's location and checks it.
   *
   * @param what "hello@1.0: artifact server", for messages
   */
  Checked check(String what, URI location, String url) {
    URI ref;
    try {
      ref = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new ZetaException(what + " has an invalid URL '" + url + "'");
    }
    if (ref.getScheme() == null && ref.getRawAuthority() == null) {
      return inside(what, location, ref, url);
    }
    URI resolved = ref.getScheme() == null ? location.resolve(ref) : ref;
    String scheme = resolved.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "http", "https" -> {
        if (resolved.getHost() == null) {
          throw new ZetaException(what + ": URL '" + url + "' has no host");
        }
        return new Checked(resolved, Optional.empty());
      }
      case "file" -> {
        if (resolved.getRawAuthority() != null && !resolved.getRawAuthority().isEmpty()
            && !"localhost".equalsIgnoreCase(resolved.getRawAuthority())) {
          throw new ZetaException(what + ": URL '" + url + "' names a file on another host");
        }
        Path file = localPath(what, resolved, url);
        for (Path dir : localDirs) {
          if (file.startsWith(dir)) {
            return new Checked(resolved, Optional.of(dir));
          }
        }
        throw new ZetaException(what + ": local file URL '" + url + "' refused: packages may use only http(s) URLs "
            + "and files inside the package", localDirs.isEmpty()
                ? "if you trust it, allow its directory with --allow-local-artifacts DIR"
                : "it is not under an allowed directory (" + localDirs + ")", null);
      }
      default -> throw new ZetaException(what + ": URL scheme '" + scheme + "' refused in '" + url
          + "': packages may use only http(s) URLs and files inside the package",
          "to fetch from elsewhere, copy the artifacts to a directory and stage with --mirror DIR|URL", null);
    }
  }

  /** A relative URL: resolved against the package, and it must stay inside it. */
  private Checked inside(String what, URI location, URI ref, String url) {
    String rawPath = ref.getRawPath() == null ? "" : ref.getRawPath();
    if (rawPath.isEmpty() || rawPath.startsWith("/")) {
      throw new ZetaException(what + ": URL '" + url + "' is not a path inside the package");
    }
    for (String segment : rawPath.split("/", -1)) {
      String s = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      if (s.equals("..") || s.equals(".") || s.isEmpty() || s.contains("/") || s.contains("\\")) {
        throw new ZetaException(what + ": relative URL '" + url + "' leaves the package (only plain paths inside it, "
            + "no '.', '..' or empty segments)");
      }
    }
    URI base = directoryOf(location);
    URI resolved = base.resolve(ref);
    if (!"file".equalsIgnoreCase(resolved.getScheme())) {
      return new Checked(resolved, Optional.empty());
    }
    Path dir = localPath(what, base, url);
    try {
      dir = dir.toRealPath();
    } catch (IOException e) {
      throw new ZetaException(what + ": the package's directory " + dir + " is not readable");
    }
    return new Checked(resolved, Optional.of(dir));
  }

  private static URI directoryOf(URI location) {
    String path = location.getRawPath() == null ? "/" : location.getRawPath();
    if (path.endsWith("/")) {
      return location;
    }
    return location.resolve("./");
  }

  private static Path localPath(String what, URI uri, String url) {
    try {
      return Path.of(new URI("file", null, uri.getPath(), null)).normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new ZetaException(what + ": URL '" + url + "' is not a local path");
    }
  }

  /**
   * The real path of a local artifact, which must be a regular file under {@code dir} after
   * every symlink is resolved; checked when it is opened, so a link cannot lead out.
   */
  static Path confined(String what, Path file, Path dir) {
    Path real;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      throw new ZetaException(what + ": no such file " + file);
    }
    if (!real.startsWith(dir)) {
      throw new ZetaException(what + ": " + file + " resolves to " + real + ", outside " + dir
          + " (a symbolic link leads out of it); refused");
    }
    if (!Files.isRegularFile(real)) {
      throw new ZetaException(what + ": " + file + " is not a regular file");
    }
    return real;
  }
}
