package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.ClusterFlavour;
import io.zeta.testing.Refusals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How options are given, through the CLI (render and install of the test repository's webapp:
 * owner a required string, port an integer, heap a string): YAML as well as JSON files, several
 * --options merged in order, --set-string, and a hint when a value has the wrong type. Hostile
 * YAML is refused with one clear line and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OptionsInputTest extends ClusterLifecycleSuite {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.LOCAL;
  }

  /** One cluster for the class: the refusals check it is unchanged. */
  @Override
  void newCluster() {}

  @BeforeAll
  void cluster() throws IOException {
    if (tmp == null) {
      tmp = Files.createTempDirectory("zeta-options");
    }
    root = newRoot("options");
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    initWithRoles("team1");
    ok("package", "stage", "webapp", "--mirror", MIRROR.toString());
  }

  private Path file(String name, String text) throws IOException {
    Path f = tmp.resolve("opts").resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  private JsonNode render(String... options) {
    String[] args = new String[options.length + 3];
    args[0] = "package";
    args[1] = "render";
    args[2] = "webapp";
    System.arraycopy(options, 0, args, 3, options.length);
    return json(args);
  }

  @Test
  void renderReadsYamlAndMergesSeveralOptionsFilesInOrder() throws IOException {
    Path yaml = file("base.yaml", "# a comment, as YAML allows\nowner: alice\nport: 8081\nheap: 128m\n");
    Path json = file("override.json", "{\"port\": 8082}");
    Path yml = file("last.yml", "heap: 256m\n");
    JsonNode app = render("--options", yaml.toString(), "--options", json.toString(), "--options", yml.toString());
    assertThat(app.path("cmd").asText()).isEqualTo("./run.sh --port 8082 --heap 256m");
    assertThat(app.path("env").path("OWNER").asText()).isEqualTo("alice");
    // The order matters: the JSON file's port loses when it comes first.
    app = render("--options", json.toString(), "--options", yaml.toString());
    assertThat(app.path("cmd").asText()).isEqualTo("./run.sh --port 8081 --heap 128m");
  }

  @Test
  void yamlOnStandardInput() {
    Cli.Result r = cli.stdin("owner: bob\nport: 9000\n").ok("package", "render", "webapp", "--options", "-");
    cli.stdin("");
    assertThat(Json.parse(r.out(), "render").path("cmd").asText()).isEqualTo("./run.sh --port 9000 --heap 64m");
  }

  @Test
  void setStringKeepsTheTextAsTyped() {
    JsonNode app = render("--set-string", "owner=1.10");
    assertThat(app.path("env").path("OWNER").asText()).isEqualTo("1.10");
    assertThat(app.path("labels").path("owner").isTextual()).isTrue();
    // --set reads 1.10 as a number: refused, with the quoting to use.
    Cli.Result r = cli.run("package", "render", "webapp", "--set", "owner=1.10");
    String line = Refusals.assertOneLineError(r, "owner must be a string; got the number 1.10");
    assertThat(line).contains("quote it: --set-string owner=1.10");
    assertThat(r.err()).contains("hint: --set-string owner=1.10");
  }

  @Test
  void aWrongTypeSaysWhatWasExpectedAndWhatCame() {
    Cli.Result r = cli.run("package", "render", "webapp", "--set", "owner=a", "--set", "port=abc");
    Refusals.assertOneLineError(r, "port must be an integer; got the string \"abc\"");
  }

  @Test
  void installTakesYamlSetStringAndMergedFiles() throws IOException {
    Path yaml = file("install.yaml", "owner: carol\nport: 31090\n");
    Path json = file("install.json", "{\"heap\": \"96m\"}");
    ok("package", "install", "webapp", "--role", "team1", "--id", "yaml1", "--options", yaml.toString(), "--options",
        json.toString(), "--set-string", "owner=2.0");
    Path home;
    try (var homes = Files.walk(Path.of(root))) {
      home = homes.filter(p -> p.endsWith("team1/webapp/yaml1")).findFirst().orElseThrow();
    }
    String marathon = Files.readString(home.resolve("marathon.json"));
    JsonNode app = Json.parse(marathon, "marathon.json");
    assertThat(app.path("cmd").asText()).isEqualTo("./run.sh --port 31090 --heap 96m");
    assertThat(app.path("env").path("OWNER").asText()).isEqualTo("2.0");
  }

  @Test
  void hostileYamlIsRefusedAndChangesNothing() throws IOException {
    StringBuilder laughs = new StringBuilder("owner: x\nlol0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 10; i++) {
      laughs.append("lol").append(i).append(": &l").append(i).append(" [")
          .append(("*l" + (i - 1) + ",").repeat(8)).append("*l").append(i - 1).append("]\n");
    }
    refusedYaml(file("laughs.yaml", laughs.toString()), "YAML anchors and aliases (&name, *name) are refused");
    StringBuilder deep = new StringBuilder("owner: x\nport:\n");
    for (int i = 1; i <= 100; i++) {
      deep.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    deep.append("  ".repeat(101)).append("v: 1\n");
    refusedYaml(file("deep.yaml", deep.toString()), "nested deeper than 64 levels");
    refusedYaml(file("flow-deep.yaml", "owner: x\nport: " + "[".repeat(5000) + "]".repeat(5000) + "\n"),
        "nested deeper than 64 levels");
    Path huge = tmp.resolve("opts/huge.yaml");
    Files.writeString(huge, "owner: \"" + "x".repeat(5 * 1024 * 1024) + "\"\n");
    refusedYaml(huge, "at most 4194304");
    refusedYaml(file("tag.yaml", "owner: !!binary aGVsbG8=\n"), "YAML tags (!!binary, !name...) are refused");
    refusedYaml(file("python.yaml", "owner: !!python/object:os.system [\"id\"]\n"), "YAML tags");
    refusedYaml(file("two.yaml", "owner: x\n---\nowner: y\n"), "more than one YAML document");
    refusedYaml(file("list.yaml", "- owner: x\n"), "expected a YAML mapping");
    // A syntax error names the place, never the text (it may be a password).
    Cli.Result r = refusedYaml(file("broken.yaml", "owner: [s3cr3t-value\n"), "invalid YAML at line");
    assertThat(r.err()).doesNotContain("s3cr3t");
  }

  private Cli.Result refusedYaml(Path file, String says) {
    return Refusals.assertRefused(cli, root, true, says, "package", "install", "webapp", "--role", "team1", "--id", "bad1",
        "--options", file.toString());
  }

  @Test
  void standardInputOnlyOnce() {
    Refusals.assertOneLineError(cli.run("package", "render", "webapp", "--options", "-", "--options", "-"),
        "standard input can be read only once");
  }
}
