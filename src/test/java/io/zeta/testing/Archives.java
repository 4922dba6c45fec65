package io.zeta.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * Archives with exactly the entries a test asks for, hostile ones included ({@code ../x},
 * absolute names, links out), in any of the Mesos fetcher's types, chosen by the file name.
 */
public final class Archives {
  private Archives() {}

  /** One entry: a file with content, a symbolic link or a hard link to {@code target}. */
  public record Entry(String name, String content, String target, byte linkType) {
    public static Entry file(String name, String content) {
      return new Entry(name, content, null, (byte) 0);
    }

    public static Entry symlink(String name, String target) {
      return new Entry(name, null, target, TarArchiveEntry.LF_SYMLINK);
    }

    public static Entry hardlink(String name, String target) {
      return new Entry(name, null, target, TarArchiveEntry.LF_LINK);
    }
  }

  /** Writes {@code file} as the archive its name says (.zip, .tar, .tgz/.tar.gz, .tbz2/.tar.bz2, .txz/.tar.xz). */
  public static Path write(Path file, List<Entry> entries) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        if (name.endsWith(".zip")) {
          zip(out, entries);
        } else if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
          tar(new GZIPOutputStream(out), entries);
        } else if (name.endsWith(".tar.bz2") || name.endsWith(".tbz2")) {
          tar(new BZip2CompressorOutputStream(out), entries);
        } else if (name.endsWith(".tar.xz") || name.endsWith(".txz")) {
          tar(new XZCompressorOutputStream(out), entries);
        } else if (name.endsWith(".tar")) {
          tar(out, entries);
        } else {
          throw new IllegalArgumentException("not an archive name: " + file);
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void tar(OutputStream raw, List<Entry> entries) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        // preserveAbsolutePath: the entry keeps the name the test gave, leading '/' included.
        TarArchiveEntry t = e.target() == null ? new TarArchiveEntry(e.name(), true)
            : new TarArchiveEntry(e.name(), e.linkType(), true);
        byte[] bytes = e.content() == null ? new byte[0] : e.content().getBytes(StandardCharsets.UTF_8);
        if (e.target() != null) {
          t.setLinkName(e.target());
        } else {
          t.setSize(bytes.length);
        }
        tar.putArchiveEntry(t);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
    }
  }

  private static void zip(OutputStream raw, List<Entry> entries) throws IOException {
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(raw)) {
      for (Entry e : entries) {
        ZipArchiveEntry z = new ZipArchiveEntry(e.name());
        String body = e.content();
        if (e.target() != null) {
          // Info-ZIP's convention: a symlink is a file of mode 0120777 whose content is its target.
          z.setUnixMode(0120777);
          body = e.target();
        }
        zip.putArchiveEntry(z);
        zip.write(body.getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
      }
    }
  }
}
