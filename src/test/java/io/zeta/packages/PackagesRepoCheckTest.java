package io.zeta.packages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zeta package repo check packages/}: every package of the project's repository loads (Universe
 * schemas, zeta.json schema, templates), renders with its default options as an install would, and
 * every rendered Marathon app passes Marathon's own schema (AppDefinition.json, v1.7).
 */
class PackagesRepoCheckTest {
  /** Every package the repository must hold. */
  static final List<String> PACKAGES = List.of("drill", "etcd", "gogs", "hello", "kafka", "mariadb", "marathonlb",
      "mongo", "spark", "usershell", "zeppelin");

  /** Options without defaults that an install must supply (passwords, the user of a shell...): the only warnings allowed. */
  static final Map<String, List<String>> REQUIRED = Map.of(
      "drill", List.of("keystorePassword", "truststorePassword"),
      "gogs", List.of("secretKey"),
      "usershell", List.of("user"));

  @TempDir
  static Path tmp;
  static JsonNode results;
  static Path rendered;

  @BeforeAll
  static void check() {
    rendered = tmp.resolve("rendered");
    Cli.Result r = new Cli(tmp.resolve("home")).run("package", "repo", "check", GoldenCluster.PACKAGES.toString(), "--json",
        "--render-dir", rendered.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    results = Json.parse(r.out(), "repo check");
  }

  @Test
  void everyPackageIsCheckedAndRenders() {
    Map<String, String> status = new TreeMap<>();
    results.forEach(v -> status.put(v.get("package").asText(), v.get("result").asText()
        + (v.has("error") ? ": " + v.get("error").asText() : "")));
    assertThat(status.keySet()).containsAll(PACKAGES);
    for (String pkg : PACKAGES) {
      assertThat(status.get(pkg)).as(pkg).isEqualTo("ok");
    }
  }

  @Test
  void theOnlyWarningsAreRequiredOptions() {
    for (JsonNode v : results) {
      String name = v.get("package").asText();
      List<String> warnings = new ArrayList<>();
      v.path("warnings").forEach(w -> warnings.add(w.asText()));
      List<String> required = REQUIRED.getOrDefault(name, List.of());
      for (String w : warnings) {
        assertThat(required).as(name + ": unexpected warning " + w).anyMatch(w::contains);
      }
      for (String option : required) {
        assertThat(warnings).as(name + " must require " + option).anyMatch(w -> w.contains(option));
      }
    }
  }

  @Test
  void everyRenderedAppPassesMarathonsSchema() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(rendered)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    List<String> names = files.stream().map(f -> f.getParent().getFileName().toString()).distinct().toList();
    assertThat(names).containsAll(PACKAGES);
    int apps = 0;
    for (Path f : files) {
      JsonNode doc = Json.parse(Files.readString(f), f.toString());
      List<JsonNode> list = new ArrayList<>();
      if (doc.isArray()) {
        doc.forEach(list::add);
      } else {
        list.add(doc);
      }
      for (JsonNode app : list) {
        apps++;
        assertThat(GoldenCluster.marathonViolations(app)).as(f + " " + app.path("id").asText() + "\n" + Json.pretty(app)).isEmpty();
      }
    }
    // spark: history + shuffle; etcd: three nodes by default.
    assertThat(apps).isGreaterThanOrEqualTo(PACKAGES.size() + 1 + 2);
  }
}
