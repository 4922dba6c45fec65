package io.zeta.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persisted search index of a directory repository, through {@code zeta package search}: it
 * is written by the first search, follows every change of the repository (a package added, a
 * file changed in place, a version removed), and a damaged index is ignored and written again.
 */
class SearchIndexTest {
  @TempDir
  Path tmp;

  private Cli cli() {
    return new Cli(tmp.resolve("home"), tmp);
  }

  private List<String> names(Cli cli, Path repo) {
    JsonNode doc = Json.parse(cli.ok("package", "search", "--repo", repo.toString(), "--json").out(), "search");
    List<String> out = new ArrayList<>();
    doc.path("packages").forEach(p -> out.add(p.path("name").asText() + "@" + p.path("currentVersion").asText()
        + " " + p.path("description").asText()));
    return out;
  }

  private Path indexFile() throws IOException {
    try (Stream<Path> files = Files.list(tmp.resolve("home/cache"))) {
      List<Path> index = files.filter(f -> f.getFileName().toString().startsWith("index-")).toList();
      assertThat(index).hasSize(1);
      return index.get(0);
    }
  }

  @Test
  void theIndexFollowsEveryChangeOfTheRepository() throws IOException {
    Path dir = tmp.resolve("repo");
    TestRepo repo = new TestRepo(dir).simple("alpha", 0, "1.0");
    Cli cli = cli();
    assertThat(names(cli, dir)).containsExactly("alpha@1.0 test package alpha");
    Path index = indexFile();
    byte[] first = Files.readAllBytes(index);

    repo.simple("beta", 0, "2.0");
    assertThat(names(cli, dir)).containsExactly("alpha@1.0 test package alpha", "beta@2.0 test package beta");
    assertThat(Files.readAllBytes(index)).isNotEqualTo(first);

    // A file rewritten in place, same size, its modification time moved on (as an editor saves it).
    Path pkg = repo.dir("alpha", 0).resolve("package.json");
    String text = Files.readString(pkg);
    Files.writeString(pkg, text.replace("test package alpha", "TEST PACKAGE ALPHA"));
    Files.setLastModifiedTime(pkg, FileTime.fromMillis(Files.getLastModifiedTime(pkg).toMillis() + 2000));
    assertThat(names(cli, dir)).contains("alpha@1.0 TEST PACKAGE ALPHA");

    // A new release of a package, then one removed.
    repo.simple("beta", 1, "2.1");
    assertThat(names(cli, dir)).contains("beta@2.1 test package beta");
    try (Stream<Path> files = Files.walk(repo.dir("beta", 1))) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    assertThat(names(cli, dir)).contains("beta@2.0 test package beta");
  }

  @Test
  void aFileAddedToOrRemovedFromAVersionInvalidatesTheIndex() throws IOException {
    Path dir = tmp.resolve("repo");
    TestRepo repo = new TestRepo(dir).simple("alpha", 0, "1.0").simple("beta", 0, "2.0");
    Cli cli = cli();
    assertThat(names(cli, dir)).hasSize(2);
    Path index = indexFile();
    byte[] first = Files.readAllBytes(index);

    // A resource.json that is not JSON, added to a version whose other files are untouched (its
    // directory's modification time set back, so that only the new entry tells).
    Path version = repo.dir("alpha", 0);
    FileTime before = Files.getLastModifiedTime(version);
    Files.writeString(version.resolve("resource.json"), "{ not json");
    Files.setLastModifiedTime(version, before);
    Cli.Result broken = cli.ok("package", "search", "--repo", dir.toString());
    assertThat(broken.out()).contains("beta").doesNotContain("alpha");
    assertThat(broken.err()).contains("skipped invalid alpha");

    // The same in a subdirectory of the version: still part of the version's walk.
    Files.delete(version.resolve("resource.json"));
    assertThat(names(cli, dir)).hasSize(2);
    assertThat(Files.readAllBytes(index)).isEqualTo(first);
    Files.createDirectories(version.resolve("sub"));
    Files.writeString(version.resolve("sub/notes.txt"), "x");
    assertThat(Files.readAllBytes(index)).isEqualTo(first);
    assertThat(names(cli, dir)).hasSize(2);
    assertThat(Files.readAllBytes(index)).isNotEqualTo(first);

    // Removed again: the index matches the first walk once more.
    Files.delete(version.resolve("sub/notes.txt"));
    Files.delete(version.resolve("sub"));
    assertThat(names(cli, dir)).hasSize(2);
    assertThat(Files.readAllBytes(index)).isEqualTo(first);
  }

  @Test
  void aDamagedIndexIsIgnoredAndWrittenAgain() throws IOException {
    Path dir = tmp.resolve("repo");
    new TestRepo(dir).simple("alpha", 0, "1.0").simple("beta", 0, "2.0");
    Cli cli = cli();
    List<String> expected = names(cli, dir);
    assertThat(expected).hasSize(2);
    Path index = indexFile();
    byte[] good = Files.readAllBytes(index);

    Files.write(index, "not an index at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(names(cli, dir)).isEqualTo(expected);
    assertThat(Files.readAllBytes(index)).isEqualTo(good);

    // Truncated (a crash of an older writer, a full disk), and one bit flipped in the middle.
    Files.write(index, java.util.Arrays.copyOf(good, good.length / 2));
    assertThat(names(cli, dir)).isEqualTo(expected);
    assertThat(Files.readAllBytes(index)).isEqualTo(good);
    byte[] flipped = good.clone();
    flipped[flipped.length / 2] ^= 0x10;
    Files.write(index, flipped);
    assertThat(names(cli, dir)).isEqualTo(expected);
    assertThat(Files.readAllBytes(index)).isEqualTo(good);
    // No temp file is left beside it.
    try (Stream<Path> files = Files.list(index.getParent())) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  /** The index after {@code edit}, its CRC-32 computed again so that only the consistency checks can refuse it. */
  private static byte[] withChecksum(byte[] body) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body, 0, body.length - 8);
    java.nio.ByteBuffer.wrap(body, body.length - 8, 8).putLong(crc.getValue());
    return body;
  }

  private static byte[] replaceFrom(byte[] bytes, String what, String with, int fromOccurrence) {
    byte[] out = bytes.clone();
    byte[] a = what.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] b = with.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int seen = 0;
    for (int i = 0; i + a.length <= out.length; i++) {
      if (java.util.Arrays.equals(out, i, i + a.length, a, 0, a.length) && seen++ >= fromOccurrence) {
        System.arraycopy(b, 0, out, i, b.length);
      }
    }
    assertThat(seen).isGreaterThan(fromOccurrence);
    return out;
  }

  @Test
  void anIndexEditedWithAFittingChecksumIsRebuiltNotTrusted() throws IOException {
    Path dir = tmp.resolve("repo");
    new TestRepo(dir).simple("alpha", 0, "1.0").simple("beta", 0, "2.0");
    Cli cli = cli();
    List<String> expected = names(cli, dir);
    Path index = indexFile();
    byte[] good = Files.readAllBytes(index);

    // alpha renamed gamma everywhere: its entry names a directory the repository does not have.
    Files.write(index, withChecksum(replaceFrom(good, "alpha", "gamma", 0)));
    assertThat(names(cli, dir)).isEqualTo(expected);
    assertThat(Files.readAllBytes(index)).isEqualTo(good);

    // Renamed but left in its directory (A/alpha/0): a listing must be named as its directory.
    Files.write(index, withChecksum(replaceFrom(good, "alpha", "gamma", 1)));
    assertThat(names(cli, dir)).isEqualTo(expected);
    assertThat(Files.readAllBytes(index)).isEqualTo(good);

    // Another repository's index in its place (a valid file, another fingerprint and root).
    Path other = tmp.resolve("other");
    new TestRepo(other).simple("alpha", 0, "1.0");
    Cli otherCli = new Cli(tmp.resolve("home2"), tmp);
    names(otherCli, other);
    Path otherIndex;
    try (Stream<Path> files = Files.list(tmp.resolve("home2/cache"))) {
      otherIndex = files.filter(f -> f.getFileName().toString().startsWith("index-")).findFirst().orElseThrow();
    }
    Files.copy(otherIndex, index, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(names(cli, dir)).isEqualTo(expected);
    assertThat(Files.readAllBytes(index)).isEqualTo(good);
  }

  @Test
  void aHardLinkMadeToAnIndexedFileMakesItsPackageInvalid() throws IOException {
    Path dir = tmp.resolve("repo");
    TestRepo repo = new TestRepo(dir).simple("alpha", 0, "1.0").simple("beta", 0, "2.0");
    Cli cli = cli();
    assertThat(names(cli, dir)).hasSize(2);
    // Same names, sizes and modification times: only the link count of one file changes.
    Files.createLink(tmp.resolve("second-name"), repo.dir("alpha", 0).resolve("package.json"));
    Cli.Result search = cli.ok("package", "search", "--repo", dir.toString());
    assertThat(search.out()).contains("beta").doesNotContain("alpha");
    assertThat(search.err()).contains("skipped invalid alpha of repository").contains("is a hard link");
  }
}
