package io.zeta.cluster.volume;

import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Role directories on a filesystem without quotas Zeta can set: a POSIX mount ({@code file:})
 * or another Hadoop filesystem. Quotas are refused with the reason; usage is measured by walking
 * the directory (links are not followed, so a link a tenant planted cannot make it count another
 * tree or loop).
 */
final class PosixVolumes implements Volumes {
  /** Deeper trees are not walked further on filesystems without a local view (a link loop on a remote store). */
  private static final int MAX_DEPTH = 64;

  private final Storage storage;
  private final String refusal;

  PosixVolumes(Storage storage, String refusal) {
    this.storage = storage;
    this.refusal = refusal;
  }

  @Override
  public String kind() {
    return "posix";
  }

  @Override
  public Optional<String> quotaRefusal() {
    return Optional.of(refusal);
  }

  @Override
  public void create(String path, int mode) throws IOException {
    storage.mkdirs(path, mode);
  }

  @Override
  public void remove(String path) throws IOException {
    storage.delete(path, false);
  }

  @Override
  public void setQuota(String path, Limit space, Limit namespace) {
    if (space.changes() || namespace.changes()) {
      throw new io.zeta.ZetaException(refusal, "create roles without --space-quota and --namespace-quota here", null);
    }
  }

  @Override
  public Usage usage(String path) throws IOException {
    long[] totals = new long[2];
    if ("file".equals(storage.scheme())) {
      java.nio.file.Path local = java.nio.file.Path.of(java.net.URI.create(storage.uri(path)));
      if (Files.exists(local, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.walkFileTree(local, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(java.nio.file.Path dir, BasicFileAttributes attrs) {
            totals[1]++;
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attrs) {
            totals[0] += attrs.isRegularFile() ? attrs.size() : 0;
            totals[1]++;
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e) {
            // Unreadable to this user (another role's files): counted as a name, not measured.
            totals[1]++;
            return FileVisitResult.CONTINUE;
          }
        });
      }
    } else if (storage.exists(path)) {
      totals[1]++;
      walk(path, 0, totals);
    }
    return new Usage(path, Usage.NO_QUOTA, totals[0], Usage.NO_QUOTA, totals[1]);
  }

  private void walk(String dir, int depth, long[] totals) throws IOException {
    for (FileInfo f : storage.list(dir)) {
      totals[1]++;
      if (f.directory()) {
        if (depth < MAX_DEPTH) {
          walk(f.path(), depth + 1, totals);
        }
      } else {
        totals[0] += f.length();
      }
    }
  }

  @Override
  public long writeReservation(String path) {
    return 0;
  }
}
