package io.zeta.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.Repositories;
import io.zeta.catalog.RepositoryRef;
import io.zeta.render.RepositoryCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every version of the Universe fixtures, rendered with its default options, checked against
 * Marathon 1.7's schema and the server's rules. The refusals are listed, with the reason of each
 * group, in universe-1.7-schema-failures.txt: most come from fields newer than 1.7 or from
 * fields Marathon never had.
 */
class UniverseSchemaTest {
  static List<RepositoryCheck.Result> results;
  static List<String> violations = new ArrayList<>();
  static Set<String> refusedVersions = new TreeSet<>();
  static int renderedApps;

  @BeforeAll
  static void renderAndValidate() {
    Path packages = Path.of(System.getProperty("zeta.fixtures"), "universe", "packages");
    results = RepositoryCheck.run(Repositories.open(new RepositoryRef("universe", packages.toString()), null));
    for (RepositoryCheck.Result r : results) {
      for (ObjectNode app : r.apps()) {
        renderedApps++;
        for (AppViolation v : AppValidator.validate(app)) {
          violations.add(r.name() + "@" + r.version() + "\t" + v);
          refusedVersions.add(r.name() + "@" + r.version());
        }
      }
    }
  }

  private static List<String> expected() throws IOException {
    try (InputStream in = UniverseSchemaTest.class.getResourceAsStream("universe-1.7-schema-failures.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .toList();
    }
  }

  @Test
  void everyVersionIsRendered() {
    assertThat(results).hasSize(324);
    assertThat(renderedApps).isEqualTo(311);
    // The rest: 10 versions without a Marathon template (CLI plugins, UI), and 3 whose template
    // renders invalid JSON with the default options (namerd 0.7.0, weavescope-probe).
    assertThat(results).filteredOn(r -> r.status() == RepositoryCheck.Status.NO_TEMPLATE).hasSize(10);
    assertThat(results).filteredOn(r -> r.status() == RepositoryCheck.Status.FAILED)
        .extracting(r -> r.name() + "@" + r.version())
        .containsExactlyInAnyOrder("namerd@0.7.0-0.1", "weavescope-probe@0.14.0", "weavescope-probe@0.15.0");
  }

  @Test
  void exactlyTheListedVersionsAreRefusedForTheListedReasons() throws IOException {
    assertThat(violations).containsExactlyInAnyOrderElementsOf(expected());
    assertThat(refusedVersions).hasSize(47);
    assertThat(renderedApps - refusedVersions.size()).as("apps Marathon 1.7 accepts").isEqualTo(264);
  }

  @Test
  void mostRefusalsAreFieldsNewerThanMarathon17() {
    assertThat(violations).filteredOn(v -> v.contains("check")).isEmpty();
    assertThat(violations).filteredOn(v -> v.contains("/role: role came with Marathon 1.9")).hasSize(4);
    assertThat(violations).filteredOn(v -> v.contains("property 'maintainer' is not defined")).hasSize(23);
  }
}
