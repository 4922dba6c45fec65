package io.zeta.lifecycle;

import io.zeta.ZetaException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Refuses, at stage time, an archive artifact that executors would extract outside their sandbox:
 * an entry with an absolute path or a '..' segment, or a link pointing out. Archive types are the
 * Mesos fetcher's: .tar .tgz .tar.gz .tbz2 .tar.bz2 .txz .tar.xz .zip.
 */
public final class ArchiveInspector {
  private ArchiveInspector() {}

  /** The archive type of a file name, if the fetcher would extract it. */
  public static Optional<String> type(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    for (String ext : new String[] {".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar", ".zip"}) {
      if (n.endsWith(ext)) {
        return Optional.of(ext);
      }
    }
    return Optional.empty();
  }

  /** Throws if an entry would escape the directory it is extracted into. */
  public static void check(String what, String fileName, InputStream raw) throws IOException {
    Optional<String> type = type(fileName);
    if (type.isEmpty()) {
      return;
    }
    try {
      // Short garbage reads as an archive without entries; executors' tar and unzip refuse it.
      int entries = type.get().equals(".zip") ? inspectZip(what, fileName, raw) : inspectTar(what, fileName, type.get(), raw);
      if (entries == 0) {
        throw new IOException("it has no entries");
      }
    } catch (IOException e) {
      throw new ZetaException(what + ": " + fileName + " is not a valid " + type.get() + " archive: " + reason(e),
          "executors would fail to extract it; nothing was staged", e);
    }
  }

  /** The decoders' messages, or what an exception without one means (EOFException has none). */
  private static String reason(IOException e) {
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return e.getMessage();
    }
    return e instanceof java.io.EOFException ? "it ends too soon (cut short?)" : e.getClass().getSimpleName();
  }

  private static int inspectTar(String what, String fileName, String type, InputStream raw) throws IOException {
    try (ArchiveInputStream<?> archive = open(type, new BufferedInputStream(raw, 1 << 16))) {
      return inspect(what, fileName, archive::getNextEntry);
    }
  }

  /**
   * Executors unpack a zip from its central directory, which also holds the entries' Unix modes
   * (links): a streaming read sees neither, so the zip is copied to a local file and read as they do.
   */
  private static int inspectZip(String what, String fileName, InputStream in) throws IOException {
    Path copy = Files.createTempFile("zeta-inspect-", ".zip");
    try {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      try (ZipFile zip = ZipFile.builder().setPath(copy).get()) {
        Enumeration<ZipArchiveEntry> entries = zip.getEntries();
        return inspect(what, fileName, () -> entries.hasMoreElements() ? entries.nextElement() : null);
      }
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  /** The next entry of an archive, or null at its end. */
  private interface Entries {
    ArchiveEntry next() throws IOException;
  }

  /** Checks every entry; returns how many there are. */
  private static int inspect(String what, String fileName, Entries entries) throws IOException {
    int count = 0;
    ArchiveEntry entry;
    while ((entry = entries.next()) != null) {
      count++;
      String name = entry.getName();
      String problem = escapes(name);
      if (problem == null && entry instanceof TarArchiveEntry tar && (tar.isSymbolicLink() || tar.isLink())) {
        problem = linkEscapes(name, tar.getLinkName());
      }
      if (problem == null && entry instanceof ZipArchiveEntry zip && zip.isUnixSymlink()) {
        problem = "is a symbolic link; zip links are refused";
      }
      if (problem != null) {
        throw new ZetaException(what + ": archive " + fileName + " has an entry that would escape its directory: '"
            + name + "' " + problem, "fix the archive; nothing was staged", null);
      }
    }
    return count;
  }

  private static ArchiveInputStream<?> open(String type, InputStream in) throws IOException {
    return switch (type) {
      case ".tar.gz", ".tgz" -> new TarArchiveInputStream(new GzipCompressorInputStream(in));
      case ".tar.bz2", ".tbz2" -> new TarArchiveInputStream(new BZip2CompressorInputStream(in));
      case ".tar.xz", ".txz" -> new TarArchiveInputStream(new XZCompressorInputStream(in));
      default -> new TarArchiveInputStream(in);
    };
  }

  static String escapes(String name) {
    if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
      return "is an absolute path";
    }
    for (String segment : name.split("[/\\\\]")) {
      if (segment.equals("..")) {
        return "goes up with '..'";
      }
    }
    return null;
  }

  /** A link is resolved from the entry's own directory; it must stay below the archive root. */
  static String linkEscapes(String name, String target) {
    if (target.startsWith("/")) {
      return "links to the absolute path " + target;
    }
    int depth = name.split("/").length - 1;
    for (String segment : target.split("/")) {
      if (segment.equals("..")) {
        depth--;
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        depth++;
      }
      if (depth < 0) {
        return "links outside, to " + target;
      }
    }
    return null;
  }
}
