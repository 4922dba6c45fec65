package io.zeta.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageFiles;
import io.zeta.catalog.PackageLoader;
import io.zeta.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Cosmos's renderer behaviour (PackageDefinitionRendererSpec and the reference notes), one rule per test. */
class CosmosRenderingTest {
  static final String SOURCE = "http://someplace";

  static PackageDefinition pkg(String template, String config, String resource) {
    Map<String, byte[]> files = new HashMap<>();
    files.put(PackageFiles.PACKAGE, bytes("""
        {"packagingVersion": "3.0", "name": "test", "version": "1.2.3", "maintainer": "m", "description": "d", "tags": []}"""));
    if (template != null) {
      files.put(PackageFiles.MARATHON, bytes(template));
    }
    if (config != null) {
      files.put(PackageFiles.CONFIG, bytes(config));
    }
    if (resource != null) {
      files.put(PackageFiles.RESOURCE, bytes(resource));
    }
    return PackageLoader.load(new PackageFiles("test", files), 0, URI.create("file:///test/"), SOURCE);
  }

  static ObjectNode render(PackageDefinition pkg, String options, String appId) {
    return MarathonRenderer.render(pkg, (ObjectNode) Json.parse(options, "options"), Optional.ofNullable(appId));
  }

  @Test
  void labelsMustBeStrings() {
    PackageDefinition p = pkg("{\"labels\": {\"idx\": 0, \"string\": \"value\"}}", null, null);
    assertThatThrownBy(() -> render(p, "{}", null)).isInstanceOf(ZetaException.class)
        .hasMessageContaining("label idx must be a string");
  }

  @Test
  void packageLabelsAreAddedAndOverrideTheTemplatesButOthersStay() {
    ObjectNode app = render(pkg("{\"env\": {\"some\": \"thing\"}, \"labels\": {\"a\": \"A\", \"DCOS_PACKAGE_NAME\": \"mine\"}}",
        null, null), "{}", null);
    assertThat(app.at("/env/some").asText()).isEqualTo("thing");
    assertThat(app.at("/labels/a").asText()).isEqualTo("A");
    assertThat(app.at("/labels/DCOS_PACKAGE_NAME").asText()).isEqualTo("test");
    assertThat(app.at("/labels/DCOS_PACKAGE_VERSION").asText()).isEqualTo("1.2.3");
    assertThat(app.at("/labels/DCOS_PACKAGE_SOURCE").asText()).isEqualTo(SOURCE);
    assertThat(decode(app.at("/labels/DCOS_PACKAGE_OPTIONS").asText())).isEqualTo("{}");
  }

  @Test
  void priorityOfDefaultsOptionsResourceAndAppId() {
    PackageDefinition p = pkg("""
        {"id": "{{opt.id}}", "uri": "{{resource.assets.uris.blob}}", "labels": {"DCOS_PACKAGE_NAME": "{{opt.name}}"}}""",
        """
        {"type": "object", "properties": {"opt": {"type": "object", "properties": {
          "id": {"type": "string", "default": "default-id"}, "name": {"type": "string", "default": "n"}}}}}""",
        "{\"assets\": {\"uris\": {\"blob\": \"http://someplace/blob\"}}}");
    String options = """
        {"opt": {"id": "should-be-overridden-id", "name": "testing-name"},
         "resource": {"assets": {"uris": {"blob": "should-be-overridden-blob"}}}}""";
    ObjectNode app = render(p, options, "/override");
    assertThat(app.get("id").asText()).isEqualTo("/override");
    assertThat(app.get("uri").asText()).isEqualTo("http://someplace/blob");
    assertThat(app.at("/labels/DCOS_PACKAGE_NAME").asText()).isEqualTo("test");
    assertThat(Json.parse(decode(app.at("/labels/DCOS_PACKAGE_OPTIONS").asText()), "o")).isEqualTo(Json.parse(options, "o"));
    assertThat(render(p, "{}", null).get("id").asText()).isEqualTo("default-id");
  }

  @Test
  void relativeAppIdIsMadeAbsolute() {
    assertThat(render(pkg("{\"id\": \"x\"}", null, null), "{}", "web").get("id").asText()).isEqualTo("/web");
  }

  @Test
  void stringsAreJsonEscapedWithoutQuotesAndNothingIsHtmlEscaped() {
    String nasty = "\n'\"\\\r\t\b\f<&>";
    ObjectNode options = Json.object();
    options.put("s", nasty);
    options.put("i", 42);
    options.put("d", new java.math.BigDecimal("42.1"));
    options.put("b", false);
    options.put("whole", new java.math.BigDecimal("3.0"));
    options.put("big", new java.math.BigInteger("3000000000"));
    String out = TemplateEngine.render("{\"s\": \"{{s}}\", \"i\": {{i}}, \"d\": {{d}}, \"b\": {{b}}, \"w\": {{whole}}, "
        + "\"big\": {{big}}, \"t\": \"{{{s}}}\"}", "t", options, TemplateEngine.Strings.JSON_ESCAPED);
    assertThat(out).contains("\"w\": 3,").contains("\"big\": 3000000000,");
    JsonNode parsed = Json.parse(out, "out");
    assertThat(parsed.get("s").asText()).isEqualTo(nasty);
    assertThat(parsed.get("t").asText()).isEqualTo(nasty);
    assertThat(parsed.get("i").asInt()).isEqualTo(42);
    assertThat(parsed.get("d").asDouble()).isEqualTo(42.1);
    assertThat(parsed.get("b").asBoolean()).isFalse();
  }

  @Test
  void arraysPrintAsJavaListsWithQuotedStringsAndIterateInSections() {
    ObjectNode ctx = (ObjectNode) Json.parse("{\"a\": [\"x\", \"y\\\"z\"], \"n\": [1, 2.5], \"o\": {\"k\": \"v\"}, "
        + "\"objs\": [{\"name\": \"p\"}, {\"name\": \"q\"}]}", "ctx");
    assertThat(TemplateEngine.render("{{a}}|{{n}}|{{#a}}<{{.}}>{{/a}}|{{#objs}}{{name}},{{/objs}}|{{o}}|{{o.k}}", "t", ctx,
        TemplateEngine.Strings.JSON_ESCAPED))
        .isEqualTo("[\"x\", \"y\\\"z\"]|[1, 2.5]|<\"x\"><\"y\\\"z\">|p,q,|{k=v}|v");
  }

  @Test
  void falseNullAndEmptyListsSkipSections() {
    ObjectNode ctx = (ObjectNode) Json.parse("{\"f\": false, \"z\": null, \"e\": [], \"t\": true}", "ctx");
    assertThat(TemplateEngine.render("{{#f}}F{{/f}}{{#z}}Z{{/z}}{{#e}}E{{/e}}{{#t}}T{{/t}}{{^f}}!F{{/f}}", "t", ctx,
        TemplateEngine.Strings.JSON_ESCAPED)).isEqualTo("T!F");
  }

  @Test
  void asJsonEmitsTheJsonTextOfAStringOption() {
    PackageDefinition p = pkg("{\"id\": \"a\", \"constraints\": {{#asJson}}constraints{{/asJson}}}",
        "{\"type\": \"object\", \"properties\": {\"constraints\": {\"type\": \"string\", \"default\": \"[[\\\"hostname\\\", \\\"UNIQUE\\\"]]\"}}}",
        null);
    assertThat(render(p, "{}", null).get("constraints").toString()).isEqualTo("[[\"hostname\",\"UNIQUE\"]]");
  }

  @Test
  void renderedTemplateMustBeAJsonObject() {
    assertThatThrownBy(() -> render(pkg("[\"not-an-object\"]", null, null), "{}", null))
        .hasMessageContaining("must render a JSON object, but rendered an array");
    assertThatThrownBy(() -> render(pkg("{\"id\": \"broken\"", null, null), "{}", null))
        .hasMessageContaining("renders invalid JSON");
  }

  @Test
  void optionsWithoutConfigAreRefusedAndNoTemplateIsAnError() {
    assertThatThrownBy(() -> render(pkg("{\"id\": \"{{option.id}}\"}", null, null), "{\"option\": {\"id\": \"x\"}}", null))
        .hasMessageContaining("takes no options");
    assertThatThrownBy(() -> render(pkg(null, null, null), "{}", null)).hasMessageContaining("has no Marathon template");
  }

  @Test
  void defaultsFollowCosmosRules() {
    ObjectNode schema = (ObjectNode) Json.parse("""
        {"properties": {
          "a": {"type": "object", "properties": {"x": {"default": 1}, "y": {"type": "string"}}},
          "b": {"type": "object", "default": {"whole": true}, "properties": {"ignored": {"default": 2}}},
          "c": {"type": "object", "properties": {"d": {"type": "object", "properties": {}}}},
          "e": {"type": "string"},
          "f": {"default": null}}}""", "schema");
    assertThat(Options.defaults(schema)).isEqualTo(Json.parse(
        "{\"a\": {\"x\": 1}, \"b\": {\"whole\": true}, \"c\": {\"d\": {}}, \"f\": null}", "expected"));
  }

  /** Cosmos's merge table: objects merge key by key; any other value from the options wins. */
  @Property(tries = 300)
  void deepMergeKeepsDefaultsTheOptionsDoNotOverride(@ForAll("objects") ObjectNode defaults, @ForAll("objects") ObjectNode options) {
    ObjectNode merged = Json.deepMerge(defaults, options);
    options.fields().forEachRemaining(e -> {
      JsonNode d = defaults.get(e.getKey());
      if (d != null && d.isObject() && e.getValue().isObject()) {
        assertThat(merged.get(e.getKey())).isEqualTo(Json.deepMerge((ObjectNode) d, (ObjectNode) e.getValue()));
      } else {
        assertThat(merged.get(e.getKey())).isEqualTo(e.getValue());
      }
    });
    defaults.fields().forEachRemaining(e -> {
      if (!options.has(e.getKey())) {
        assertThat(merged.get(e.getKey())).isEqualTo(e.getValue());
      }
    });
    assertThat(merged.size()).isLessThanOrEqualTo(defaults.size() + options.size());
  }

  @Provide
  Arbitrary<ObjectNode> objects() {
    return Arbitraries.recursive(() -> Arbitraries.of("false", "true", "1", "\"s\"", "[1]", "{}").map(v -> Json.parse(v, "v")),
        inner -> Arbitraries.maps(Arbitraries.of("a", "b", "c"), inner).ofMaxSize(3).map(m -> {
          ObjectNode o = Json.object();
          m.forEach(o::set);
          return (JsonNode) o;
        }), 3).map(n -> n.isObject() ? (ObjectNode) n : Json.object());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
