package io.zeta.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.Fixtures;
import io.zeta.testing.TestRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search semantics, repository priority and the repository list commands. */
class SearchAndRepositoriesTest {
  @TempDir
  Path tmp;

  static List<String> names(Cli.Result r) {
    List<String> names = new ArrayList<>();
    Json.parse(r.out(), "out").get("packages").forEach(p -> names.add(p.get("name").asText()));
    return names;
  }

  @Test
  void substringIsCaseInsensitiveOverNameDescriptionAndTagsWithSelectedFirst() {
    Cli cli = new Cli(tmp);
    String repo = Fixtures.universePackages().toString();
    List<String> kafka = names(cli.run("package", "search", "KAFKA", "--json", "--repo", repo));
    assertThat(kafka).contains("kafka", "confluent-kafka", "kafka-manager");
    // Selected first, each group by name.
    JsonNode packages = Json.parse(cli.run("package", "search", "kafka", "--json", "--repo", repo).out(), "o").get("packages");
    int firstUnselected = -1;
    for (int i = 0; i < packages.size(); i++) {
      boolean selected = packages.get(i).get("selected").asBoolean();
      if (!selected && firstUnselected < 0) {
        firstUnselected = i;
      }
      if (selected) {
        assertThat(firstUnselected).as("selected package after an unselected one").isLessThan(0);
      }
    }
    // Tags are searched: "arangodb" packages are tagged "database".
    assertThat(names(cli.run("package", "search", "database", "--json", "--repo", repo))).contains("arangodb3");
  }

  @Test
  void aRelativeRepoPathUpwardsIsSearchedAsItsAbsolutePath() throws Exception {
    new TestRepo(tmp.resolve("up/repo")).simple("alpha", 0, "1.0");
    java.nio.file.Files.createDirectories(tmp.resolve("up/work"));
    Cli cli = new Cli(tmp.resolve("home"), tmp.resolve("up/work"));
    Cli.Result r = cli.run("package", "search", "alpha", "--json", "--repo", "../repo");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(names(r)).containsExactly("alpha");
  }

  @Test
  void wildcardIsAnchoredAndCaseSensitive() {
    Cli cli = new Cli(tmp);
    String repo = Fixtures.universePackages().toString();
    // Anchored: "kafka-m*" must match from the start to the end of a name, description or tag.
    assertThat(names(cli.run("package", "search", "kafka-m*", "--json", "--repo", repo))).containsExactly("kafka-manager");
    assertThat(names(cli.run("package", "search", "*-manager", "--json", "--repo", repo))).containsExactly("kafka-manager");
    assertThat(names(cli.run("package", "search", "Kafka-M*", "--json", "--repo", repo))).isEmpty();
    assertThat(names(cli.run("package", "search", "*zookeeper", "--json", "--repo", repo)))
        .contains("kafka-zookeeper", "confluent-zookeeper").doesNotContain("kafka");
  }

  @Test
  void sameNameAndVersionResolvesToTheHigherPriorityRepository() {
    TestRepo first = new TestRepo(tmp.resolve("first")).simple("app", 0, "1.0");
    first.file("app", 0, "marathon.json.mustache", "{\"id\": \"from-first\", \"cmd\": \"serve\"}");
    TestRepo second = new TestRepo(tmp.resolve("second")).simple("app", 0, "1.0").simple("app", 5, "2.0");
    second.file("app", 0, "marathon.json.mustache", "{\"id\": \"from-second\", \"cmd\": \"serve\"}");
    Cli cli = new Cli(tmp.resolve("home"));
    String[] repos = {"--repo", first.root().toString(), "--repo", second.root().toString()};
    JsonNode app = Json.parse(cli.run(concat(new String[] {"package", "render", "app@1.0"}, repos)).out(), "o");
    assertThat(app.get("id").asText()).isEqualTo("from-first");
    // Latest is the newest release of the highest-priority repository that has the package.
    JsonNode latest = Json.parse(cli.run(concat(new String[] {"package", "describe", "app", "--json"}, repos)).out(), "o");
    assertThat(latest.at("/package/version").asText()).isEqualTo("1.0");
    JsonNode versions = Json.parse(cli.run(concat(new String[] {"package", "list-versions", "app", "--json"}, repos)).out(), "o");
    assertThat(versions.get("results").size()).isEqualTo(2);
  }

  @Test
  void repoAddListRemoveKeepsPriorityOrder() {
    Cli cli = new Cli(tmp.resolve("home"), tmp);
    new TestRepo(tmp.resolve("a")).simple("alpha", 0, "1.0");
    new TestRepo(tmp.resolve("b")).simple("beta", 0, "1.0");
    assertThat(cli.run("package", "repo", "add", "a", "a").exit()).isZero();
    assertThat(cli.run("package", "repo", "add", "b", tmp.resolve("b").toString(), "--index", "0").exit()).isZero();
    JsonNode list = Json.parse(cli.run("package", "repo", "list", "--json").out(), "o").get("repositories");
    assertThat(list.get(0).get("name").asText()).isEqualTo("b");
    assertThat(list.get(1).get("uri").asText()).isEqualTo(tmp.resolve("a").toUri().toString());
    assertThat(names(cli.run("package", "search", "--json"))).containsExactly("alpha", "beta");

    Cli.Result duplicate = cli.run("package", "repo", "add", "a", tmp.resolve("b").toString());
    assertThat(duplicate.exit()).isEqualTo(1);
    assertThat(duplicate.err()).contains("a repository named a already exists");
    Cli.Result missing = cli.run("package", "repo", "add", "c", tmp.resolve("nope").toString());
    assertThat(missing.err()).contains("does not exist");

    assertThat(cli.run("package", "repo", "remove", "b").exit()).isZero();
    assertThat(names(cli.run("package", "search", "--json"))).containsExactly("alpha");
    assertThat(cli.run("package", "repo", "remove", "b").err()).contains("no repository named b");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
