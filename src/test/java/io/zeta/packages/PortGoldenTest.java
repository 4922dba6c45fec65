package io.zeta.packages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every port is checked for, against the expectations in {@code src/test/resources/golden/<pkg>/}
 * (see {@link GoldenCluster}). A subclass makes one cluster, stages the package and installs it in
 * a {@code @BeforeAll} with answers equal to the original install script's defaults; its Javadoc
 * lists where the expected files deliberately differ from the original heredocs, and why.
 */
abstract class PortGoldenTest {
  abstract GoldenCluster cluster();

  abstract String pkg();

  String role() {
    return "prod";
  }

  abstract String id();

  @Test
  void everyRenderedConfigFileIsTheOriginalHeredoc() throws Exception {
    String home = cluster().home(role(), id());
    List<String> expected = GoldenCluster.expectedConfigFiles(pkg());
    List<String> rendered = new ArrayList<>();
    cluster().record(role(), id()).get("configFiles").forEach(f -> rendered.add(f.asText()));
    assertThat(rendered).as("config files of " + pkg()).containsExactlyInAnyOrderElementsOf(expected);
    for (String target : expected) {
      assertThat(Files.readString(cluster().local(home + "/" + target)))
          .as(pkg() + " " + target).isEqualTo(cluster().expected(pkg(), "files/" + target));
    }
  }

  @Test
  void envFileIsTheOriginalExports() {
    String env = cluster().read("/zeta/kstore/env/env_" + role() + "/" + pkg() + "_" + id() + ".sh");
    assertThat(env).isEqualTo(cluster().expected(pkg(), "env.sh"));
    assertThat(cluster().read(cluster().home(role(), id()) + "/env.sh")).isEqualTo(env);
  }

  @Test
  void marathonAppsAreTheOriginalJson() {
    Map<String, ObjectNode> apps = cluster().apps(role(), id());
    if (apps.containsKey("")) {
      ObjectNode expected = (ObjectNode) Json.parse(cluster().expected(pkg(), "marathon.json"), pkg() + " marathon.json");
      GoldenCluster.assertSameApp(expected, apps.get(""), pkg() + " marathon.json");
      return;
    }
    List<String> expectedNames = new ArrayList<>();
    try (var files = Files.list(GoldenCluster.GOLDEN.resolve(pkg()).resolve("apps"))) {
      files.forEach(f -> expectedNames.add(f.getFileName().toString().replaceAll("\\.json$", "")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(apps.keySet()).containsExactlyInAnyOrderElementsOf(expectedNames);
    for (Map.Entry<String, ObjectNode> e : apps.entrySet()) {
      ObjectNode expected = (ObjectNode) Json.parse(cluster().expected(pkg(), "apps/" + e.getKey() + ".json"), e.getKey());
      GoldenCluster.assertSameApp(expected, e.getValue(), pkg() + " app " + e.getKey());
    }
  }

  @Test
  void marathonAppsPassMarathonsSchema() {
    for (Map.Entry<String, ObjectNode> e : cluster().apps(role(), id()).entrySet()) {
      JsonNode app = e.getValue();
      assertThat(GoldenCluster.marathonViolations(app)).as(pkg() + " app " + e.getKey() + "\n" + Json.pretty(app)).isEmpty();
    }
  }
}
