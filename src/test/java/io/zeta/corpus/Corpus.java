package io.zeta.corpus;

import io.zeta.testing.TestRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.engine.SourceOfRandomness;

/**
 * Builds the corpus: the bad packages go into a few repositories of {@value #SHARD} packages each
 * (every command scans its whole repository, so one repository of hundreds would make each case
 * pay for all), every bad options file into one directory, and each case is a command line
 * against the one cluster of the test.
 */
final class Corpus {
  static final String ROLE = "team1";
  /** A valid package, staged and installed as ROLE/GOOD_ID before the corpus runs. */
  static final String GOOD = "good";
  static final String GOOD_ID = "good1";
  /** jqwik's generators are seeded, so a run is reproducible; -Dzeta.corpus.seed=N explores others. */
  static final long SEED = Long.getLong("zeta.corpus.seed", 20261201L);

  static final int SHARD = 25;

  private final Path repos;
  private final Map<String, TestRepo> repoOf = new HashMap<>();
  private final TestRepo first;
  private final Path work;
  private final List<CorpusCase> cases = new ArrayList<>();
  private final List<String> prestaged = new ArrayList<>();
  private int packages;
  private int ids;

  Corpus(Path repos, Path work) {
    this.repos = repos;
    this.work = work;
    this.first = new TestRepo(repos.resolve("r0"));
    first.simple(GOOD, 0, "1.0");
    repoOf.put(GOOD, first);
  }

  /** The repository holding the good package. */
  Path repoRoot() {
    return first.root();
  }

  /** The repository a new package goes into: the next one every SHARD packages. */
  TestRepo repoFor(String pkg) {
    return repoOf.computeIfAbsent(pkg, p -> new TestRepo(repos.resolve("r" + (packages / SHARD))));
  }

  Path repoOf(String pkg) {
    return repoOf.get(pkg).root();
  }

  List<CorpusCase> cases() {
    return List.copyOf(cases);
  }

  /** Packages the cases install (valid when loaded, bad when rendered): staged before the corpus runs. */
  List<String> prestaged() {
    return List.copyOf(prestaged);
  }

  /** A fresh valid package (port and name options), to be broken by the caller. */
  String simple(String prefix) {
    String name = prefix + "-" + (++packages);
    repoFor(name).simple(name, 0, "1.0");
    return name;
  }

  /** A fresh package with one file replaced. */
  String withFile(String prefix, String file, String content) {
    return withFileOf(simple(prefix), file, content);
  }

  /** Replaces one file of an existing package; returns the package name. */
  String withFileOf(String pkg, String file, String content) {
    repoOf.get(pkg).file(pkg, 0, file, content);
    return pkg;
  }

  void deleteFile(String pkg, String file) {
    try {
      Files.delete(dir(pkg).resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves release 0 of a package to another directory name (a broken releaseVersion). */
  void moveRelease(String pkg, String release) {
    try {
      Files.move(dir(pkg), dir(pkg).resolveSibling(release));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir(String pkg) {
    return repoOf.get(pkg).dir(pkg, 0);
  }

  /** A file outside the repository (options files...). */
  Path file(String name, byte[] content) {
    try {
      Path p = work.resolve(name);
      Files.createDirectories(p.getParent());
      Files.write(p, content);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  void prestage(String pkg) {
    prestaged.add(pkg);
  }

  /** {@code zeta package stage PKG --repo <its repository>}. */
  void stage(String category, String name, String pkg, String says, String content) {
    add(category, name, true, says, content, "package", "stage", pkg, "--repo", repoOf(pkg).toString());
  }

  /** {@code zeta package install PKG --role team1 --id <fresh> EXTRA...} of a staged package. */
  void install(String category, String name, String pkg, String says, String content, String... extra) {
    String[] args = Stream.concat(Stream.of("package", "install", pkg, "--role", ROLE, "--id", "i" + (++ids)),
        Stream.of(extra)).toArray(String[]::new);
    add(category, name, true, says, content, args);
  }

  void add(String category, String name, boolean audited, String says, String content, String... args) {
    cases.add(new CorpusCase(category, name, audited, says, List.of(args), content));
  }

  /**
   * {@code count} distinct values of a jqwik arbitrary. Outside a jqwik property, sampling draws
   * from the thread's source of randomness, which is seeded here from SEED and the label.
   */
  static <T> List<T> sample(String label, Arbitrary<T> arbitrary, int count) {
    SourceOfRandomness.create(Long.toString(SEED ^ label.hashCode()));
    return arbitrary.sampleStream().distinct().limit(count).toList();
  }

  /** A display form of a value: control and non-ASCII characters as \\uXXXX, long values cut. */
  static String shown(String value) {
    StringBuilder sb = new StringBuilder();
    value.codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04x", c)));
    return sb.length() > 60 ? sb.substring(0, 57) + "... (" + value.length() + " chars)" : sb.toString();
  }
}
