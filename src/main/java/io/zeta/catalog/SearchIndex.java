package io.zeta.catalog;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The persisted search index of a directory repository: every version's listing (what search,
 * list and describe need without reading a package), valid only for the exact walk of the
 * repository's files it was built from (names, sizes, modification times, types and link counts
 * of every file, the one walk a scan makes anyway) and for the build of Zeta that wrote it.
 *
 * <p>A plain binary file (no JSON: reading it is the hot path of every catalog command): magic,
 * format, code stamp, root, the walk's text, the entries, and a CRC-32 of all that. The walk is
 * kept whole and compared byte for byte rather than hashed: no collision to argue about, and no
 * SHA-256 on the hot path (its provider set-up and a digest run by the interpreter took 40 ms
 * of a 0.4 s search). Written to a
 * temp file and renamed into place; a file that is truncated, damaged or from another build is
 * ignored, and the repository is scanned and the index written again.
 */
final class SearchIndex {
  private static final int MAGIC = 0x5a494458; // "ZIDX"
  // 2: the fingerprint hashes the walk's text itself, not each version's hash of it.
  // 3: the walk's text itself, not a hash of it.
  private static final int FORMAT = 3;

  /** One version directory's listing, with its directory relative to the repository root. */
  record Entry(String dir, PackageListing listing) {}

  private SearchIndex() {}

  /** The entries when {@code file} is an intact index for exactly this walk, else null. */
  static List<Entry> read(Path file, String code, String root, byte[] walk) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
    if (bytes.length < 8) {
      return null;
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    long stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
    if (crc.getValue() != stored) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 8))) {
      if (in.readInt() != MAGIC || in.readInt() != FORMAT || !in.readUTF().equals(code) || !in.readUTF().equals(root)) {
        return null;
      }
      int walkLength = in.readInt();
      int at = bytes.length - 8 - in.available();
      if (walkLength != walk.length || walkLength > in.available()
          || !java.util.Arrays.equals(bytes, at, at + walkLength, walk, 0, walk.length)) {
        return null;
      }
      in.skipNBytes(walkLength);
      int n = in.readInt();
      List<Entry> out = new ArrayList<>(Math.min(n, 1 << 16));
      for (int i = 0; i < n; i++) {
        out.add(new Entry(in.readUTF(), readListing(in)));
      }
      return out;
    } catch (IOException | RuntimeException damaged) {
      return null;
    }
  }

  static void write(Path file, String code, String root, byte[] walk, List<Entry> entries) {
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream(64 * 1024);
      DataOutputStream out = new DataOutputStream(buf);
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeUTF(code);
      out.writeUTF(root);
      out.writeInt(walk.length);
      out.write(walk);
      out.writeInt(entries.size());
      for (Entry e : entries) {
        out.writeUTF(e.dir());
        writeListing(out, e.listing());
      }
      out.flush();
      CRC32 crc = new CRC32();
      byte[] body = buf.toByteArray();
      crc.update(body);
      out.writeLong(crc.getValue());
      out.flush();
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".index", ".tmp");
      try {
        Files.write(tmp, buf.toByteArray());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | RuntimeException e) {
      // The index is an optimisation: failing to write it must not fail the command (a string
      // too long for writeUTF, a read-only cache directory...).
    }
  }

  /**
   * The walk of the whole repository, what an index is valid for: each version directory (in
   * order) with the text of its walk (every file's name, size, modification time, type and link
   * count), or why it was refused.
   */
  static byte[] walk(Map<String, String> walkByDir) {
    StringBuilder sb = new StringBuilder(128 * 1024);
    new TreeMap<>(walkByDir).forEach((dir, walk) -> sb.append(dir).append('\0').append(walk.length()).append('\0')
        .append(walk).append('\n'));
    return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void writeListing(DataOutputStream out, PackageListing l) throws IOException {
    writeNullable(out, l.name());
    writeNullable(out, l.version());
    out.writeInt(l.releaseVersion() == null ? -1 : l.releaseVersion());
    out.writeInt(l.problems().size());
    for (PackageProblem p : l.problems()) {
      writeNullable(out, p.file());
      writeNullable(out, p.pointer());
      writeNullable(out, p.message());
    }
    PackageSummary s = l.summary();
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s.name());
      out.writeUTF(s.version());
      out.writeInt(s.releaseVersion());
      writeNullable(out, s.packagingVersion());
      writeNullable(out, s.description());
      out.writeInt(s.tags().size());
      for (String t : s.tags()) {
        out.writeUTF(t);
      }
      out.writeBoolean(s.selected());
      out.writeBoolean(s.framework());
      out.writeBoolean(s.hasTemplate());
      writeNullable(out, s.repository());
    }
  }

  private static PackageListing readListing(DataInputStream in) throws IOException {
    String name = readNullable(in);
    String version = readNullable(in);
    int release = in.readInt();
    int problems = in.readInt();
    List<PackageProblem> ps = new ArrayList<>(Math.min(problems, 1024));
    for (int i = 0; i < problems; i++) {
      ps.add(new PackageProblem(readNullable(in), readNullable(in), readNullable(in)));
    }
    PackageSummary summary = null;
    if (in.readBoolean()) {
      String sName = in.readUTF();
      String sVersion = in.readUTF();
      int sRelease = in.readInt();
      String packaging = readNullable(in);
      String description = readNullable(in);
      int tags = in.readInt();
      List<String> ts = new ArrayList<>(Math.min(tags, 1024));
      for (int i = 0; i < tags; i++) {
        ts.add(in.readUTF());
      }
      summary = new PackageSummary(sName, sVersion, sRelease, packaging, description, ts, in.readBoolean(), in.readBoolean(),
          in.readBoolean(), readNullable(in));
    }
    return new PackageListing(name, version, release < 0 ? null : release, summary, ps);
  }

  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
