package io.zeta.scheduler.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.EnumSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks the archive types the Mesos fetcher extracts into a sandbox, and refuses any archive
 * that would put something outside it: absolute names, names that climb out with {@code ..},
 * links that point outside, and entries that would be written through a link.
 */
final class ArchiveExtractor {
  /** The archive types by file name ending, as the Mesos fetcher recognizes them. */
  enum Format {
    TAR_GZ(".tar.gz", ".tgz"), TAR_BZ2(".tar.bz2", ".tbz2"), TAR_XZ(".tar.xz", ".txz"), TAR(".tar"), ZIP(".zip");

    private final List<String> endings;

    Format(String... endings) {
      this.endings = List.of(endings);
    }

    static Optional<Format> of(String fileName) {
      String lower = fileName.toLowerCase(Locale.ROOT);
      for (Format f : values()) {
        if (f.endings.stream().anyMatch(lower::endsWith)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  private enum Kind { DIRECTORY, FILE, SYMLINK, HARDLINK, OTHER }

  private record Entry(String name, Kind kind, String linkTarget, int mode) {}

  @FunctionalInterface
  private interface EntryVisitor {
    void visit(Entry entry, InputStream content) throws IOException;
  }

  private ArchiveExtractor() {}

  static void extract(Path archive, Format format, Path dir) {
    extract(archive, format, dir, Fetcher.Limits.defaults());
  }

  static void extract(Path archive, Format format, Path dir, Fetcher.Limits limits) {
    String what = archive.getFileName().toString();
    try {
      // A first pass refuses a bad archive before anything of it is written.
      forEachEntry(archive, format, (entry, content) -> relativeTarget(what, entry));
      new Writer(what, dir, new Bound(what, Files.size(archive), limits)).writeAll(archive, format);
    } catch (IOException e) {
      throw new FetchException("cannot extract " + what + ": " + e.getMessage(), e);
    }
  }

  /** Bare {@code .gz}: {@code x.gz} becomes {@code x} next to it. */
  static Path gunzip(Path gz) {
    return gunzip(gz, Fetcher.Limits.defaults());
  }

  static Path gunzip(Path gz, Fetcher.Limits limits) {
    String name = gz.getFileName().toString();
    Path out = gz.resolveSibling(name.substring(0, name.length() - ".gz".length()));
    try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(gz)), true)) {
      new Bound(name, Files.size(gz), limits).copy(in, out);
      return out;
    } catch (IOException e) {
      throw new FetchException("cannot gunzip " + name + ": " + e.getMessage(), e);
    }
  }

  /** The entry's path relative to the sandbox, or a refusal; {@code null} for the archive's own root. */
  private static Path relativeTarget(String archive, Entry entry) {
    String name = entry.name();
    if (name.startsWith("/")) {
      throw refused(archive, entry, "has an absolute path");
    }
    Path rel = Path.of(name).normalize();
    if (rel.toString().isEmpty()) {
      return null;
    }
    if (rel.startsWith("..")) {
      throw refused(archive, entry, "climbs out of the sandbox with ..");
    }
    if (entry.kind() == Kind.SYMLINK || entry.kind() == Kind.HARDLINK) {
      String target = entry.linkTarget();
      if (target == null || target.isEmpty() || target.startsWith("/")) {
        throw refused(archive, entry, "links to the absolute path " + target);
      }
      // Symlink targets are relative to the link's directory, hard link targets to the archive root.
      Path from = entry.kind() == Kind.SYMLINK && rel.getParent() != null ? rel.getParent() : Path.of("");
      Path resolved = from.resolve(target).normalize();
      if (resolved.startsWith("..")) {
        throw refused(archive, entry, "links to " + target + ", outside the sandbox");
      }
    }
    return rel;
  }

  private static FetchException refused(String archive, Entry entry, String why) {
    return new FetchException("refused to extract " + archive + ": entry '" + entry.name() + "' " + why
        + " (nothing in an archive may land outside the task's sandbox)");
  }

  private static void forEachEntry(Path archive, Format format, EntryVisitor visitor) throws IOException {
    if (format == Format.ZIP) {
      try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
        Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
        while (entries.hasMoreElements()) {
          ZipArchiveEntry e = entries.nextElement();
          Kind kind = e.isUnixSymlink() ? Kind.SYMLINK : e.isDirectory() ? Kind.DIRECTORY : Kind.FILE;
          String link = kind == Kind.SYMLINK ? zip.getUnixSymlink(e) : null;
          try (InputStream in = kind == Kind.FILE ? zip.getInputStream(e) : InputStream.nullInputStream()) {
            visitor.visit(new Entry(e.getName(), kind, link, e.getUnixMode() & 0777), in);
          }
        }
      }
      return;
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
        InputStream decompressed = decompress(raw, format);
        TarArchiveInputStream tar = new TarArchiveInputStream(decompressed, StandardCharsets.UTF_8.name())) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Kind kind = e.isSymbolicLink() ? Kind.SYMLINK : e.isLink() ? Kind.HARDLINK : e.isDirectory() ? Kind.DIRECTORY
            : e.isFile() ? Kind.FILE : Kind.OTHER;
        visitor.visit(new Entry(e.getName(), kind, e.getLinkName(), e.getMode() & 0777), tar);
      }
    }
  }

  private static InputStream decompress(InputStream in, Format format) throws IOException {
    return switch (format) {
      case TAR_GZ -> new GzipCompressorInputStream(in, true);
      case TAR_BZ2 -> new BZip2CompressorInputStream(in, true);
      case TAR_XZ -> new XZCompressorInputStream(in, true);
      default -> in;
    };
  }

  /**
   * Counts what an archive writes, against the task's limit and the archive's expansion ratio,
   * as it is written: entry sizes in headers may lie, the bytes that come out do not.
   */
  private static final class Bound {
    private final String archive;
    private final long archiveSize;
    private final Fetcher.Limits limits;
    private long written;

    Bound(String archive, long archiveSize, Fetcher.Limits limits) {
      this.archive = archive;
      this.archiveSize = Math.max(1, archiveSize);
      this.limits = limits;
    }

    void copy(InputStream in, Path target) throws IOException {
      byte[] buf = new byte[64 * 1024];
      try (var out = Files.newOutputStream(target)) {
        int n;
        while ((n = in.read(buf)) > 0) {
          count(n);
          out.write(buf, 0, n);
        }
      } catch (FetchException e) {
        // What was written of the entry goes at once: the point is to keep the disk from filling.
        Files.deleteIfExists(target);
        throw e;
      }
    }

    private void count(int n) {
      written += n;
      limits.written += n;
      if (limits.written > limits.maxBytes) {
        throw new FetchException("refused to extract " + archive + ": it expands beyond the task's limit of "
            + mb(limits.maxBytes) + (limits.fromAppDisk ? " (the app's disk; give the app more disk if the archive "
            + "is genuine)" : " (the agent's default for apps without disk; give the app a disk in MB)"));
      }
      if (written > limits.ratioFloorBytes && written > archiveSize * limits.maxRatio) {
        throw new FetchException("refused to extract " + archive + ": it expands more than "
            + Math.round(limits.maxRatio) + " times its size (" + archiveSize + " bytes to over " + mb(written)
            + "), which is how archive bombs look; repack it, or fetch it with extract: false");
      }
    }

    private static String mb(long bytes) {
      return bytes >= 1024 * 1024 ? (bytes / (1024 * 1024)) + " MB" : bytes + " bytes";
    }
  }

  /** The second pass: writes entries, checking what the file system says, not only the names. */
  private static final class Writer {
    private final String archive;
    private final Path dir;
    private final Bound bound;
    private final Path realDir;
    private final List<Path> links = new ArrayList<>();
    private final Map<Path, Integer> directoryModes = new LinkedHashMap<>();

    Writer(String archive, Path dir, Bound bound) throws IOException {
      this.archive = archive;
      this.dir = dir;
      this.bound = bound;
      this.realDir = dir.toRealPath();
    }

    void writeAll(Path file, Format format) throws IOException {
      forEachEntry(file, format, this::write);
      for (Path link : links) {
        Path target = link.getParent().resolve(Files.readSymbolicLink(link));
        if (!physical(target).startsWith(realDir)) {
          Files.deleteIfExists(link);
          throw new FetchException("refused to extract " + archive + ": the link " + dir.relativize(link)
              + " leads outside the sandbox through other links");
        }
      }
      for (Map.Entry<Path, Integer> d : directoryModes.entrySet()) {
        // The owner keeps full access, or the sandbox could not be cleaned up.
        Files.setPosixFilePermissions(d.getKey(), permissions(d.getValue() | 0700));
      }
    }

    private void write(Entry entry, InputStream content) throws IOException {
      Path rel = relativeTarget(archive, entry);
      if (rel == null || entry.kind() == Kind.OTHER) {
        return;
      }
      Path target = dir.resolve(rel);
      Path parent = target.getParent();
      Files.createDirectories(parent);
      Path expectedParent = rel.getParent() == null ? realDir : realDir.resolve(rel.getParent());
      if (!parent.toRealPath().equals(expectedParent)) {
        throw refused(archive, entry, "would be written through a link");
      }
      switch (entry.kind()) {
        case DIRECTORY -> {
          if (Files.isSymbolicLink(target)) {
            throw refused(archive, entry, "is a directory where the archive made a link");
          }
          Files.createDirectories(target);
          directoryModes.put(target, entry.mode() == 0 ? 0755 : entry.mode());
        }
        case FILE -> {
          Files.deleteIfExists(target);
          bound.copy(content, target);
          Files.setPosixFilePermissions(target, permissions(entry.mode() == 0 ? 0644 : entry.mode()));
        }
        case SYMLINK -> {
          Files.deleteIfExists(target);
          Files.createSymbolicLink(target, Path.of(entry.linkTarget()));
          links.add(target);
        }
        case HARDLINK -> {
          Path source = dir.resolve(Path.of(entry.linkTarget()).normalize());
          if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS) || !source.toRealPath().startsWith(realDir)) {
            throw refused(archive, entry, "is a hard link to " + entry.linkTarget() + ", which is not a file "
                + "extracted before it");
          }
          Files.deleteIfExists(target);
          Files.createLink(target, source);
        }
        default -> throw new IllegalStateException(entry.kind().name());
      }
    }

    /** Where a path really leads, following every link, also when its end does not exist. */
    private static Path physical(Path p) throws IOException {
      Path abs = p.toAbsolutePath();
      if (Files.exists(abs)) {
        return abs.toRealPath();
      }
      Path parent = abs.getParent();
      return parent == null ? abs.normalize() : physical(parent).resolve(abs.getFileName()).normalize();
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        out.add(order[bit]);
      }
    }
    return out;
  }
}
