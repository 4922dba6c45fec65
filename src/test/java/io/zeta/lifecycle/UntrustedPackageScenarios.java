package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.testing.Cli;
import io.zeta.testing.TestRepo;
import io.zeta.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Packages as untrusted input on a cluster (issue 9, items 1, 3, 7, 8, 15): what the catalog
 * refuses is never staged or installed, the tree stays byte-identical but for the one audit line
 * of the refused command, and what a package or a crafted id puts in the audit log reaches the
 * terminal escaped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UntrustedPackageScenarios extends ClusterLifecycleSuite {
  static final String SECRET = "s3cret-0f-the-operator";
  Path badRepo;
  Path secret;

  /** One cluster for the whole class: refused input must leave it as it is, which every test checks. */
  @Override
  void newCluster() {}

  @BeforeAll
  void clusterAndBadPackages() throws IOException {
    if (tmp == null) {
      tmp = Files.createTempDirectory("zeta-untrusted");
    }
    root = newRoot("untrusted");
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    initWithRoles("team1");
    secret = tmp.resolve("shadow");
    Files.writeString(secret, SECRET + "\n");
    badRepo = tmp.resolve("badrepo");
    TestRepo repo = new TestRepo(badRepo);
    repo.simple("good", 0, "1.0");
    repo.simple("leak", 0, "1.0");
    Files.createSymbolicLink(repo.dir("leak", 0).resolve("notes.txt"), secret);
    repo.simple("hard", 0, "1.0");
    Files.createLink(repo.dir("hard", 0).resolve("notes.txt"), secret);
    repo.simple("envpart", 0, "1.0").file("envpart", 0, "zeta.json", """
        {"zetaVersion": "1", "env": {"LEAK": "{{>%s}}"}}""".formatted(secret));
    repo.simple("cfgpart", 0, "1.0").file("cfgpart", 0, "zeta.json", """
        {"zetaVersion": "1", "configFiles": [{"template": "t.conf", "target": "conf/t.conf"}]}""")
        .file("cfgpart", 0, "t.conf", "x={{>" + secret + "}}\n");
    repo.simple("dotver", 0, ".zeta-tmp-web1-1");
    repo.simple("colon", 0, "1.0").file("colon", 0, "a:b.txt", "x");
    String list = "[" + "\"xxxxxxxxxxxxxxxx\",".repeat(299) + "\"x\"]";
    repo.simple("bomb", 0, "1.0").file("bomb", 0, "config.json", """
        {"type": "object", "properties": {"l": {"type": "array", "default": %s}}}""".formatted(list))
        .file("bomb", 0, "zeta.json", """
        {"zetaVersion": "1", "configFiles": [{"content": "{{#l}}{{#l}}{{#l}}{{#l}}{{.}}{{/l}}{{/l}}{{/l}}{{/l}}",
          "target": "conf/bomb.conf"}]}""");
    // 100 copies of a 700 kB app: each render is within its limit, the instance is not.
    String wide = "[" + ("\"" + "y".repeat(100) + "\",").repeat(6999) + "\"y\"]";
    repo.simple("wide", 0, "1.0").file("wide", 0, "config.json", """
        {"type": "object", "properties": {"l": {"type": "array", "default": %s}}}""".formatted(wide))
        .file("wide", 0, "zeta.json", """
        {"zetaVersion": "1", "apps": [{"name": "n", "template": "app.json.mustache", "copies": 100}]}""")
        .file("wide", 0, "app.json.mustache", "{\"args\": [{{#l}}{{.}}, {{/l}}\"end\"], \"cpus\": 0.1, \"mem\": 32, \"instances\": 1}");
  }

  @Test
  void aPackageWithALinkIsNotStagedAndTheOthersAre() {
    assertRefused("notes.txt: is a symbolic link", "package", "stage", "leak", "--repo", badRepo.toString());
    assertRefused("notes.txt: is a hard link", "package", "stage", "hard", "--repo", badRepo.toString());
    assertRefused("notes.txt: is a symbolic link", "package", "install", "leak", "--role", "team1", "--id", "l1",
        "--stage", "--repo", badRepo.toString());
    assertThat(ok("package", "stage", "good", "--repo", badRepo.toString()).out()).contains("good 1.0");
    assertThat(read("/zeta/shared/good/stage/1.0/package/package.json")).contains("\"good\"");
  }

  @Test
  void aPartialInAnEnvValueOrAConfigFileIsNeverRendered() {
    assertRefused("zeta.json/env/LEAK: {{>" + secret + "}}: partials ({{>name}})", "package", "install", "envpart",
        "--role", "team1", "--id", "e1", "--stage", "--repo", badRepo.toString());
    assertRefused("t.conf: {{>" + secret + "}}: partials ({{>name}})", "package", "install", "cfgpart",
        "--role", "team1", "--id", "c1", "--stage", "--repo", badRepo.toString());
    assertRefused("partials ({{>name}})", "package", "render", "envpart", "--repo", badRepo.toString());
  }

  @Test
  void aVersionThatIsOneOfZetasTemporaryNamesIsNeverStaged() {
    assertRefused("package.json at /version: version must start with a letter or digit", "package", "stage", "dotver",
        "--repo", badRepo.toString());
    assertThat(ok("cluster", "doctor").out()).contains("healthy");
  }

  @Test
  void aFileNameThatCannotBeAUriPathIsRefusedAtLoadNotAtInstall() {
    assertRefused("a:b.txt: file name may only hold letters, digits", "package", "install", "colon", "--role", "team1",
        "--id", "k1", "--stage", "--repo", badRepo.toString());
  }

  @Test
  void aConfigFileTemplateThatExpandsWithoutBoundIsRefusedFast() {
    // Staging is fine (the package is valid); rendering the install is what is refused.
    ok("package", "stage", "bomb", "--repo", badRepo.toString());
    long start = System.nanoTime();
    assertRefused("bomb conf/bomb.conf: template refused: ", "package", "install", "bomb",
        "--role", "team1", "--id", "b1");
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms to refuse a template bomb").isLessThan(20_000);
  }

  @Test
  void optionsBeyondTheLimitsAreRefusedSoStartCanAlwaysReadThem() throws IOException {
    Path big = tmp.resolve("big-options.json");
    Files.writeString(big, "{\"name\": \"" + "x".repeat(4 * 1024 * 1024) + "\"}");
    assertRefused("at most 4194304 (4 MiB) are read", "package", "install", "good", "--role", "team1", "--id", "g9",
        "--stage", "--repo", badRepo.toString(), "--options", big.toString());
    Path deep = tmp.resolve("deep-options.json");
    Files.writeString(deep, "{\"name\": " + "[".repeat(100) + "]".repeat(100) + "}");
    assertRefused("nested deeper than 64 levels", "package", "install", "good", "--role", "team1", "--id", "g9",
        "--stage", "--repo", badRepo.toString(), "--options", deep.toString());
    assertRefused("key nested deeper than 63 levels", "package", "install", "good", "--role", "team1", "--id", "g9",
        "--stage", "--repo", badRepo.toString(), "--set", "a.".repeat(5000) + "b=1");
  }

  @Test
  void aCraftedIdIsEscapedInTheErrorAndInTheAuditTable() {
    String id = "x\u001b[2J\r\nFAKE  1.0\u202e\u009b";
    assertRefused("invalid instance id 'x\\x1b[2J\\r\\nFAKE  1.0\\u202e\\x9b'", "package", "install", "good",
        "--role", "team1", "--id", id, "--stage", "--repo", badRepo.toString());
    String table = ok("cluster", "audit").out();
    UntrustedOutput.assertNoRawControls(table);
    assertThat(table).contains("team1/x\\x1b[2J\\r\\nFAKE  1.0\\u202e\\x9b");
    assertThat(table.lines().filter(l -> l.startsWith("FAKE"))).isEmpty();
    String raw = ok("cluster", "audit", "--json").out();
    UntrustedOutput.assertNoRawControls(raw);
    JsonNode audit = json("cluster", "audit", "--json");
    assertThat(audit.get(audit.size() - 1).get("target").asText()).isEqualTo("team1/" + id);
  }

  void assertRefused(String says, String... args) {
    Map<String, String> before = Trees.withoutAudit(root);
    int auditBefore = json("cluster", "audit", "--json").size();
    Cli.Result r = cli.run(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(1);
    assertThat(r.err()).startsWith("zeta: ").contains(says).doesNotContain("Exception").doesNotContain("\tat ")
        .doesNotContain(SECRET);
    assertThat(r.err().lines().filter(l -> !l.startsWith("  hint: ")).count()).as(r.err()).isEqualTo(1);
    UntrustedOutput.assertNoRawControls(r.err());
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).as("changed by " + String.join(" ", args)).isEmpty();
    if (!args[1].equals("render")) {
      JsonNode audit = json("cluster", "audit", "--json");
      assertThat(audit.size()).isEqualTo(auditBefore + 1);
      assertThat(audit.get(audit.size() - 1).get("result").asText()).startsWith("failed: ");
    }
  }

  /** The check every terminal output of these tests passes. */
  static final class UntrustedOutput {
    private UntrustedOutput() {}

    static void assertNoRawControls(String text) {
      text.chars().filter(c -> c != '\n').forEach(c -> assertThat(c < 0x20 || (c >= 0x7f && c <= 0x9f)
          || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)).as("raw U+%04X in %s", c, text).isFalse());
    }
  }
}
