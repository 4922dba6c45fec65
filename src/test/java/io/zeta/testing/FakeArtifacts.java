package io.zeta.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * Small stand-ins for real artifacts, for a local mirror: an archive name gets a valid archive of
 * that type holding one file (staging checks archives), any other name a line of text.
 */
public final class FakeArtifacts {
  private FakeArtifacts() {}

  public static void write(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    byte[] content = ("fake artifact " + file.getFileName() + "\n").getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      if (name.endsWith(".zip")) {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
          zip.putArchiveEntry(new ZipArchiveEntry("README"));
          zip.write(content);
          zip.closeArchiveEntry();
        }
      } else if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
        tar(new GZIPOutputStream(out), content);
      } else if (name.endsWith(".tar.bz2") || name.endsWith(".tbz2")) {
        tar(new BZip2CompressorOutputStream(out), content);
      } else if (name.endsWith(".tar.xz") || name.endsWith(".txz")) {
        tar(new XZCompressorOutputStream(out), content);
      } else if (name.endsWith(".tar")) {
        tar(out, content);
      } else {
        out.write(content);
      }
    }
  }

  private static void tar(OutputStream out, byte[] content) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      TarArchiveEntry entry = new TarArchiveEntry("README");
      entry.setSize(content.length);
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    }
  }
}
