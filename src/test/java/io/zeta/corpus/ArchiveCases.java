package io.zeta.corpus;

import io.zeta.testing.Archives;
import io.zeta.testing.Archives.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;

/** Archive artifacts executors would extract: corrupt ones, entries that leave the sandbox, links, wrong sha256. */
final class ArchiveCases {
  static final String CATEGORY = "archives";
  private static final List<String> TYPES = List.of("tar", "tgz", "tar.gz", "tbz2", "txz", "zip");

  private ArchiveCases() {}

  /** A package whose one artifact is files/&lt;file&gt; of the package, with these extra artifact fields. */
  private static String pkg(Corpus c, String file, String fields) {
    String zeta = "{\"zetaVersion\": \"1\", \"artifacts\": {\"a\": {\"url\": \"files/" + file + "\"" + fields + "}}}";
    return c.withFile("arc", "zeta.json", zeta);
  }

  static void add(Corpus c) {
    for (String type : TYPES) {
      // Every hostile name in one tar, one compressed tar and the zip; '../x' in every type.
      List<String> names = List.of("tar", "tgz", "zip").contains(type) ? List.of("../x", "a/../../x", "/etc/x", "C:/x")
          : List.of("../x");
      for (String name : names) {
        String pkg = pkg(c, "a." + type, "");
        Archives.write(c.dir(pkg).resolve("files/a." + type), List.of(Entry.file("ok", "ok"), Entry.file(name, "boom")));
        c.stage(CATEGORY, type + " entry '" + name + "'", pkg, "would escape its directory: '" + name + "'", null);
      }
    }
    for (String type : List.of("tar", "tgz")) {
      List<Entry> links = type.equals("tar") ? List.of(Entry.symlink("passwd", "/etc/passwd"), Entry.symlink("up", "../.."),
          Entry.symlink("a/b", "../../x"), Entry.hardlink("shadow", "/etc/shadow"), Entry.hardlink("h", "../evil"))
          : List.of(Entry.symlink("passwd", "/etc/passwd"), Entry.hardlink("h", "../evil"));
      for (Entry link : links) {
        String pkg = pkg(c, "l." + type, "");
        Archives.write(c.dir(pkg).resolve("files/l." + type), List.of(Entry.file("ok", "ok"), link));
        c.stage(CATEGORY, type + (link.linkType() == Entry.symlink("", "").linkType() ? " symlink " : " hard link ")
            + link.name() + " -> " + link.target(), pkg, "would escape its directory: '" + link.name() + "'", null);
      }
    }
    String pkg = pkg(c, "z.zip", "");
    Archives.write(c.dir(pkg).resolve("files/z.zip"), List.of(Entry.symlink("s", "x")));
    c.stage(CATEGORY, "zip symlink", pkg, "zip links are refused", null);
    corrupt(c);
    checksums(c);
  }

  private static void corrupt(Corpus c) {
    for (String type : TYPES) {
      // jqwik: random bytes are no archive of any type.
      for (byte[] noise : Corpus.sample("noise-" + type, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2048), 2)) {
        String pkg = pkg(c, "r." + type, "");
        write(c.dir(pkg).resolve("files/r." + type), noise);
        c.stage(CATEGORY, type + ": " + noise.length + " random bytes", pkg, "is not a valid ." + type + " archive", null);
      }
      // A valid archive cut in half.
      String pkg = pkg(c, "t." + type, "");
      Path file = Archives.write(c.dir(pkg).resolve("files/t." + type), List.of(Entry.file("big", "x".repeat(100_000) + "y")));
      truncate(file);
      c.stage(CATEGORY, type + " cut in half", pkg, "is not a valid ." + type + " archive", null);
    }
    for (String type : List.of("tgz", "tbz2", "txz", "zip")) {
      String pkg = pkg(c, "e." + type, "");
      write(c.dir(pkg).resolve("files/e." + type), new byte[0]);
      c.stage(CATEGORY, type + " empty file", pkg, "is not a valid ." + type + " archive", null);
    }
  }

  private static void checksums(Corpus c) {
    List<String> wrong = new java.util.ArrayList<>(List.of("0".repeat(64), "F".repeat(64),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")); // the sha256 of nothing
    wrong.addAll(Corpus.sample("sha", Arbitraries.strings().withChars("0123456789abcdef").ofLength(64), 4));
    for (String sha : wrong) {
      String pkg = pkg(c, "s.bin", ", \"sha256\": \"" + sha + "\"");
      write(c.dir(pkg).resolve("files/s.bin"), "some bytes\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      c.stage(CATEGORY, "sha256 " + sha.substring(0, 12) + "...", pkg, "sha256 mismatch", null);
    }
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void truncate(Path file) {
    try {
      byte[] all = Files.readAllBytes(file);
      Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
