package io.zeta.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.render.StorageEnvelope;
import io.zeta.testing.Cli;
import io.zeta.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zeta package repo check} over the 324 real Universe package versions. */
class UniverseFixturesTest {
  @TempDir
  static Path tmp;
  static Cli.Result check;
  static JsonNode results;
  static Path rendered;

  @BeforeAll
  static void checkAll() {
    rendered = tmp.resolve("rendered");
    check = new Cli(tmp.resolve("home")).run("package", "repo", "check", Fixtures.universePackages().toString(),
        "--json", "--render-dir", rendered.toString());
    results = Json.parse(check.out(), "repo check output");
  }

  /**
   * The versions whose own template renders invalid JSON with default options under Cosmos's
   * rules, each checked by hand.
   */
  static final Map<String, String> EXPECTED_FAILURES = Map.of(
      // "acceptedResourceRoles": [{{{namerd.resource-roles}}}] with the string default "\"*\", \"slave_public\"":
      // Cosmos JSON-escapes string values, so the quotes come out as \" outside a string.
      "namerd/4", "renders invalid JSON at line 6",
      // "instances": {{weavescope.probe.instances}} has no default, so the value is empty.
      "weavescope-probe/0", "renders invalid JSON at line 5",
      "weavescope-probe/1", "renders invalid JSON at line 5");

  /**
   * Versions whose app Marathon 1.7's schema and server rules refuse: 23 with a top-level
   * "maintainer", 4 with role (1.9), and typos or misplaced fields ("minimunHealthCapacity",
   * "servicePort" in portDefinitions, "interval" in readinessChecks...).
   */
  static final int APP_FAILURES_FOR_1_7 = 47;

  @Test
  void coversEveryVersionAndOnlyTheKnownTemplatesFail() {
    assertThat(results.size()).isEqualTo(324);
    Map<String, String> failures = new TreeMap<>();
    Map<String, Integer> byStatus = new HashMap<>();
    for (JsonNode r : results) {
      byStatus.merge(r.get("result").asText(), 1, Integer::sum);
      if (r.get("result").asText().equals("failed")) {
        failures.put(r.get("package").asText() + "/" + r.get("releaseVersion").asInt(), r.get("error").asText());
      }
    }
    Map<String, String> templateFailures = new TreeMap<>(failures);
    templateFailures.values().removeIf(e -> e.contains(" is not a valid app for Marathon 1.7 "));
    assertThat(templateFailures.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED_FAILURES.keySet());
    EXPECTED_FAILURES.forEach((k, reason) -> assertThat(failures.get(k)).contains(reason));
    // The others render, but Marathon 1.7 (the target without a cluster) would refuse the app: jenkins for its role.
    assertThat(failures.size() - templateFailures.size()).isEqualTo(APP_FAILURES_FOR_1_7);
    assertThat(failures.get("jenkins/200")).contains("/role: role came with Marathon 1.9");
    assertThat(failures.get("jenkins/100")).contains("/role: role came with Marathon 1.9");
    assertThat(check.exit()).isEqualTo(1);
    assertThat(byStatus.get("ok") + byStatus.get("no-template") + byStatus.get("failed")).isEqualTo(324);
  }

  @Test
  void noTemplateMeansTheVersionHasNoMarathonTemplate() throws IOException {
    long withoutTemplate;
    try (Stream<Path> dirs = Files.walk(Fixtures.universePackages(), 3)) {
      withoutTemplate = dirs.filter(d -> Fixtures.universePackages().relativize(d).getNameCount() == 3)
          .filter(d -> !Files.exists(d.resolve("marathon.json.mustache"))).count();
    }
    long noTemplate = Stream.of(results).flatMap(r -> stream(r)).filter(r -> r.get("result").asText().equals("no-template")).count();
    assertThat(noTemplate).isEqualTo(withoutTemplate).isEqualTo(10);
  }

  @Test
  void renderedAppsCarryLabelsThatDecodeBackToTheirOwnPackage() throws IOException {
    int checked = 0;
    for (JsonNode r : results) {
      if (!r.get("result").asText().equals("ok")) {
        continue;
      }
      String name = r.get("package").asText();
      int release = r.get("releaseVersion").asInt();
      JsonNode app = Json.parse(Files.readAllBytes(rendered.resolve(name).resolve(release + ".json")), name);
      JsonNode labels = app.get("labels");
      assertThat(labels.get("DCOS_PACKAGE_NAME").asText()).isEqualTo(name);
      assertThat(labels.get("DCOS_PACKAGE_VERSION").asText()).isEqualTo(r.get("version").asText());
      assertThat(labels.get("DCOS_PACKAGE_SOURCE").asText()).isEqualTo(Fixtures.universePackages().toString());
      assertThat(decode(labels.get("DCOS_PACKAGE_OPTIONS").asText())).isEqualTo("{}");
      JsonNode pkg = StorageEnvelope.decode(Json.parse(decode(labels.get("DCOS_PACKAGE_DEFINITION").asText()), "label"));
      assertThat(pkg.get("name").asText()).isEqualTo(name);
      assertThat(pkg.get("version").asText()).isEqualTo(r.get("version").asText());
      assertThat(pkg.get("releaseVersion").asInt()).isEqualTo(release);
      String template = new String(Base64.getDecoder().decode(pkg.at("/marathon/v2AppMustacheTemplate").asText()),
          StandardCharsets.UTF_8);
      assertThat(template).isEqualTo(Files.readString(packageDir(name, release).resolve("marathon.json.mustache")));
      checked++;
    }
    assertThat(checked).isEqualTo(324 - 10 - EXPECTED_FAILURES.size() - APP_FAILURES_FOR_1_7);
  }

  private static Path packageDir(String name, int release) {
    return Fixtures.universePackages().resolve(name.substring(0, 1).toUpperCase()).resolve(name).resolve(String.valueOf(release));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false);
  }
}
