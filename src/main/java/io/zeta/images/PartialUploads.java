package io.zeta.images;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Blob uploads the embedded registry began and never finished, in its filesystem storage:
 * Distribution keeps each under {@code docker/registry/v2/repositories/<repo>/_uploads/<uuid>/}
 * ({@code data}, {@code startedat}, {@code hashstates/}) until the push commits it. A registry or
 * a stage killed during a copy leaves them; nothing resumes them (skopeo starts a new upload), and
 * the registry's own purge waits 24 h. They are only space, but a large image's is large.
 * Symbolic links are never followed: the storage is on a shared mount other users may write.
 */
public final class PartialUploads {
  /** One unfinished upload: its directory, bytes received, and when the registry began it (if readable). */
  public record Upload(Path dir, String repository, long bytes, Optional<Instant> startedAt) {}

  private PartialUploads() {}

  /** Every unfinished upload under the registry root ({@code /zeta/shared/registry} on the mount). */
  public static List<Upload> list(Path registryRoot) throws IOException {
    Path repositories = registryRoot.resolve("docker/registry/v2/repositories");
    List<Upload> out = new ArrayList<>();
    if (!Files.isDirectory(repositories, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    Files.walkFileTree(repositories, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        String leaf = dir.getFileName().toString();
        if (leaf.equals("_layers") || leaf.equals("_manifests")) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        if (!leaf.equals("_uploads")) {
          return FileVisitResult.CONTINUE;
        }
        String repository = repositories.relativize(dir.getParent()).toString();
        try (var uploads = Files.list(dir)) {
          for (Path u : uploads.toList()) {
            if (Files.isDirectory(u, LinkOption.NOFOLLOW_LINKS)) {
              out.add(new Upload(u, repository, size(u.resolve("data")), startedAt(u.resolve("startedat"))));
            }
          }
        }
        return FileVisitResult.SKIP_SUBTREE;
      }
    });
    return out;
  }

  /** Deletes the uploads (their directories, links not followed); returns the bytes freed. */
  public static long delete(List<Upload> uploads) throws IOException {
    long freed = 0;
    for (Upload u : uploads) {
      ImageStager.deleteTree(u.dir());
      if (Files.exists(u.dir(), LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("could not delete the partial upload " + u.dir());
      }
      freed += u.bytes();
    }
    return freed;
  }

  /** "2 partial uploads (412 MiB)". */
  public static String describe(List<Upload> uploads) {
    long bytes = uploads.stream().mapToLong(Upload::bytes).sum();
    return uploads.size() + " partial upload" + (uploads.size() == 1 ? "" : "s") + " (" + mib(bytes) + ")";
  }

  static String mib(long bytes) {
    return bytes < (1 << 20) ? bytes / 1024 + " KiB" : bytes / (1 << 20) + " MiB";
  }

  private static long size(Path data) {
    try {
      return Files.isRegularFile(data, LinkOption.NOFOLLOW_LINKS) ? Files.size(data) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static Optional<Instant> startedAt(Path file) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 100) {
        return Optional.empty();
      }
      return Optional.of(java.time.OffsetDateTime.parse(Files.readString(file).strip()).toInstant());
    } catch (IOException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
