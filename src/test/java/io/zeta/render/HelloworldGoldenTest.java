package io.zeta.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.Fixtures;
import io.zeta.testing.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DC/OS CLI's own expectations: rendering the package encoded in the golden app's
 * DCOS_PACKAGE_DEFINITION label must give that app back (labels compared after decoding).
 */
class HelloworldGoldenTest {
  @TempDir
  static Path tmp;
  static Path index;

  @BeforeAll
  static void writeIndexFromGoldenLabel() throws IOException {
    ObjectNode golden = golden("test_describe_helloworld_app_render.json");
    ObjectNode pkg = StorageEnvelope.decode(Json.parse(decode(golden.at("/labels/DCOS_PACKAGE_DEFINITION").asText()), "label"));
    ObjectNode repo = Json.object();
    repo.putArray("packages").add(pkg);
    index = tmp.resolve("helloworld-repo.json");
    Files.write(index, Json.prettyBytes(repo));
  }

  @Test
  void rendersTheGoldenApp() throws IOException {
    assertRendersAs(golden("test_describe_helloworld_app_render.json"), "package", "render", "helloworld",
        "--repo", index.toString());
  }

  @Test
  void appIdIsReplacedAndMadeAbsolute() throws IOException {
    assertRendersAs(golden("test_describe_helloworld_app_id_render.json"), "package", "render", "helloworld",
        "--app-id", "helloworld", "--repo", index.toString());
  }

  @Test
  void describeRenderGivesTheSameApp() throws IOException {
    assertRendersAs(golden("test_describe_helloworld_app_render.json"), "package", "describe", "helloworld",
        "--render", "--repo", index.toString());
  }

  @Test
  void userOptionsAreValidatedAndRecordedInTheOptionsLabel() throws IOException {
    Cli.Result r = new Cli(tmp.resolve("home")).run("package", "render", "helloworld", "--set", "port=80",
        "--set", "name=hallo", "--repo", index.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    ObjectNode app = (ObjectNode) Json.parse(r.out(), "out");
    ObjectNode expected = golden("test_describe_app_options.json");
    assertThat(app.get("cmd").asText()).isEqualTo(expected.get("cmd").asText());
    assertThat(app.get("id").asText()).isEqualTo(expected.get("id").asText());
    assertThat(Json.parse(decode(app.at("/labels/DCOS_PACKAGE_OPTIONS").asText()), "options"))
        .isEqualTo(Json.parse("{\"port\":80,\"name\":\"hallo\"}", "expected"));
  }

  private static void assertRendersAs(ObjectNode expected, String... args) {
    Cli.Result r = new Cli(tmp.resolve("home")).run(args);
    assertThat(r.exit()).as(r.toString()).isZero();
    ObjectNode actual = (ObjectNode) Json.parse(r.out(), "render output");
    assertThat(JsonTrees.same(withoutLabels(actual), withoutLabels(expected)))
        .as("rendered %s%nexpected %s", withoutLabels(actual), withoutLabels(expected)).isTrue();
    JsonNode a = actual.get("labels");
    JsonNode e = expected.get("labels");
    assertThat(a.get("DCOS_PACKAGE_NAME")).isEqualTo(e.get("DCOS_PACKAGE_NAME"));
    assertThat(a.get("DCOS_PACKAGE_VERSION")).isEqualTo(e.get("DCOS_PACKAGE_VERSION"));
    assertThat(a.get("DCOS_PACKAGE_SOURCE").asText()).isEqualTo(index.toString());
    assertThat(decode(a.get("DCOS_PACKAGE_OPTIONS").asText())).isEqualTo(decode(e.get("DCOS_PACKAGE_OPTIONS").asText()));
    JsonNode actualEnvelope = Json.parse(decode(a.get("DCOS_PACKAGE_DEFINITION").asText()), "actual");
    JsonNode expectedEnvelope = Json.parse(decode(e.get("DCOS_PACKAGE_DEFINITION").asText()), "expected");
    assertThat(actualEnvelope.get("metadata")).isEqualTo(expectedEnvelope.get("metadata"));
    assertThat(StorageEnvelope.decode(actualEnvelope)).isEqualTo(StorageEnvelope.decode(expectedEnvelope));
    assertThat(a.size()).isEqualTo(e.size());
  }

  private static ObjectNode withoutLabels(ObjectNode app) {
    return JsonTrees.without(app, "labels");
  }

  static ObjectNode golden(String name) throws IOException {
    return (ObjectNode) Json.parse(Files.readAllBytes(Fixtures.cosmos("cli-golden").resolve(name)), name);
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
