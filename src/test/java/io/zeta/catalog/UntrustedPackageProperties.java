package io.zeta.catalog;

import static io.zeta.catalog.UntrustedPackageTest.assertNoRawControls;
import static io.zeta.catalog.UntrustedPackageTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Random hostile packages through the CLI: whatever text a package carries, no control character
 * or bidi override reaches the terminal raw and --json keeps it exact; whatever its nesting, a
 * package file is either valid or makes that one package invalid, and search keeps working.
 */
class UntrustedPackageProperties {
  private final Path tmp;
  private final Cli cli;
  private final AtomicInteger counter = new AtomicInteger();

  UntrustedPackageProperties() throws IOException {
    tmp = Files.createTempDirectory("zeta-untrusted-props");
    cli = new Cli(tmp.resolve("home"));
  }

  @AfterProperty
  void cleanUp() throws IOException {
    try (Stream<Path> files = Files.walk(tmp)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Property(tries = 40)
  void hostileTextNeverReachesTheTerminalRaw(@ForAll("hostileText") String description) {
    TestRepo repo = new TestRepo(tmp.resolve("repo" + counter.incrementAndGet())).simple("good", 0, "1.0");
    repo.file("good", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "good", "version": "1.0", "maintainer": "m", "description": %s, "tags": []}"""
        .formatted(Json.compact(description)));
    Cli.Result search = cli.ok("package", "search", "--repo", repo.root().toString());
    assertNoRawControls(search.out());
    assertThat(search.out().lines().count()).as(search.out()).isEqualTo(2);
    Cli.Result describe = cli.ok("package", "describe", "good", "--repo", repo.root().toString());
    assertNoRawControls(describe.out());
    assertNoRawControls(cli.ok("package", "search", "--json", "--repo", repo.root().toString()).out().replace("\n", ""));
    String json = cli.ok("package", "describe", "good", "--json", "--repo", repo.root().toString()).out();
    assertThat(Json.parse(json, "describe").at("/package/description").asText()).isEqualTo(description);
  }

  @Provide
  Arbitrary<String> hostileText() {
    Arbitrary<Character> hostile = Arbitraries.of('\u001b', '\r', '\n', '\t', '\u0000', '\u0007', '\b', '\u007f',
        '\u0085', '\u009b', '\u202a', '\u202e', '\u2066', '\u2069', '\u200f');
    Arbitrary<Character> text = Arbitraries.chars().with("abcXYZ019 [];=-".toCharArray());
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, hostile), net.jqwik.api.Tuple.of(2, text))
        .list().ofMinSize(1).ofMaxSize(60)
        .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat))
        .filter(s -> !s.isBlank());
  }

  @Property(tries = 30)
  void anyNestingIsAValidPackageOrOneInvalidOne(@ForAll @IntRange(min = 1, max = 700) int depth) {
    TestRepo repo = new TestRepo(tmp.resolve("repo" + counter.incrementAndGet())).simple("good", 0, "1.0");
    repo.simple("deep", 0, "1.0").file("deep", 0, "config.json", UntrustedPackageTest.nested(depth));
    Cli.Result search = cli.ok("package", "search", "--json", "--repo", repo.root().toString());
    // The document nests depth arrays inside its object.
    if (depth + 1 <= Json.Limits.MAX_PACKAGE_NESTING) {
      assertThat(names(search)).containsExactlyInAnyOrder("good", "deep");
    } else {
      assertThat(names(search)).containsExactly("good");
      assertThat(search.err()).contains("deep@1.0").contains("nested deeper than 64 levels");
    }
  }
}
