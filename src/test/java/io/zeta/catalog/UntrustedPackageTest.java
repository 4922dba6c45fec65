package io.zeta.catalog;

import static io.zeta.catalog.CatalogBadInputTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.TestRepo;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A package is untrusted input (issue 9, items 1, 3, 7, 8, 15): it may only read its own files,
 * its templates may not read others, its names and versions are refused when they could become
 * something else on disk, it cannot exhaust the stack or the heap, and its text reaches the
 * terminal escaped. Each refusal makes that one package invalid; the rest of the repository works.
 */
class UntrustedPackageTest {
  static final String SECRET = "s3cret-0f-the-operator";

  @TempDir
  Path tmp;
  TestRepo repo;
  Cli cli;
  Path secret;

  @BeforeEach
  void setUp() throws IOException {
    repo = new TestRepo(tmp.resolve("repo")).simple("good", 0, "1.0");
    cli = new Cli(tmp.resolve("home"));
    secret = tmp.resolve("shadow");
    Files.writeString(secret, SECRET + "\n");
  }

  // --- item 1: links and special files ---------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"symlink", "symlink-proc", "hardlink", "fifo", "socket", "device", "symlinked-subdir"})
  void aPackageHoldingALinkOrSpecialFileIsInvalidAndTheRestWorks(String kind) throws Exception {
    repo.simple("leak", 0, "1.0");
    Path dir = repo.dir("leak", 0);
    Path bad = dir.resolve("notes.txt");
    switch (kind) {
      case "symlink" -> Files.createSymbolicLink(bad, secret);
      case "symlink-proc" -> Files.createSymbolicLink(bad, Path.of("/proc/self/environ"));
      case "hardlink" -> Files.createLink(bad, secret);
      case "fifo" -> run("mkfifo", bad.toString());
      case "socket" -> {
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
          s.bind(UnixDomainSocketAddress.of(bad));
        }
      }
      case "device" -> {
        // mknod needs root (CAP_MKNOD): the probe says whether this machine can make a device file.
        assumeTrue(runs("mknod", bad.toString(), "c", "1", "3"), "cannot create device files here (mknod needs root)");
      }
      case "symlinked-subdir" -> {
        Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(tmp.resolve("outside/notes.txt"), SECRET);
        bad = dir.resolve("templates");
        Files.createSymbolicLink(bad, tmp.resolve("outside"));
      }
      default -> throw new IllegalArgumentException(kind);
    }
    String reason = switch (kind) {
      case "symlink", "symlink-proc", "symlinked-subdir" -> "is a symbolic link";
      case "hardlink" -> "is a hard link";
      case "fifo" -> "is a FIFO";
      case "socket" -> "is a socket";
      default -> "is a character device";
    };

    Cli.Result check = cli.run("package", "repo", "check", repo.root().toString());
    assertThat(check.exit()).as(check.toString()).isEqualTo(1);
    assertThat(check.out()).contains("FAILED leak@1.0").contains(bad.toString()).contains(reason)
        .contains("1 failed").doesNotContain(SECRET);

    Cli.Result search = cli.ok("package", "search", "--repo", repo.root().toString());
    assertThat(search.out()).contains("good").doesNotContain("leak");
    assertThat(search.err()).contains("zeta: warning: skipped invalid leak@1.0").contains(bad.toString()).contains(reason);

    assertOneLineError(cli.run("package", "describe", "leak", "--repo", repo.root().toString()), bad.toString(), reason);
    assertThat(cli.ok("package", "render", "good", "--repo", repo.root().toString()).out()).contains("serve --port 8080");
  }

  @Test
  void aSymlinkedVersionOrPackageDirectoryIsInvalidToo() throws IOException {
    Path elsewhere = tmp.resolve("elsewhere");
    new TestRepo(elsewhere).simple("ext", 0, "1.0").simple("other", 0, "1.0");
    Path version = repo.dir("ext", 0);
    Files.createDirectories(version.getParent());
    Files.createSymbolicLink(version, new TestRepo(elsewhere).dir("ext", 0));
    Path name = repo.root().resolve("O/other");
    Files.createDirectories(name.getParent());
    Files.createSymbolicLink(name, new TestRepo(elsewhere).dir("other", 0).getParent());

    Cli.Result check = cli.run("package", "repo", "check", repo.root().toString(), "--json");
    assertThat(check.exit()).isEqualTo(1);
    JsonNode results = Json.parse(check.out(), "repo check");
    assertThat(results.findValuesAsText("result")).containsExactlyInAnyOrder("ok", "failed", "failed");
    assertThat(check.out()).contains(version + ": is a symbolic link").contains(name + ": is a symbolic link");
    assertThat(names(cli.ok("package", "search", "--json", "--repo", repo.root().toString()))).containsExactly("good");
  }

  @Test
  void theRepositoryRootItselfMayBeALinkTheOperatorChose() throws IOException {
    Path link = tmp.resolve("repo-link");
    Files.createSymbolicLink(link, repo.root());
    assertThat(names(cli.ok("package", "search", "--json", "--repo", link.toString()))).containsExactly("good");
    assertThat(cli.ok("package", "repo", "check", link.toString()).out()).contains("1 rendered").contains("0 failed");
  }

  // --- item 3: partials -----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"{{>%s}}", "{{> %s }}", "{{<%s}}{{/%s}}"})
  void aTemplateWithAPartialIsRefusedAndReadsNothing(String tag) {
    String partial = tag.replace("%s", secret.toString());
    repo.simple("part", 0, "1.0").file("part", 0, "marathon.json.mustache",
        "{\"id\": \"part\", \"cmd\": \"" + partial + "\", \"cpus\": 0.1, \"mem\": 32, \"instances\": 1}");
    Cli.Result r = cli.run("package", "render", "part", "--repo", repo.root().toString());
    assertOneLineError(r, repo.dir("part", 0).resolve("marathon.json.mustache").toString(), "partials ({{>name}})");
    assertThat(r.out() + r.err()).doesNotContain(SECRET);
    assertThat(cli.ok("package", "render", "good", "--repo", repo.root().toString()).out()).contains("serve --port");
  }

  @Test
  void aPartialInAnEnvValueOrConfigFileIsRefusedAtLoad() {
    repo.simple("envpart", 0, "1.0").file("envpart", 0, "zeta.json", """
        {"zetaVersion": "1", "env": {"LEAK": "{{>%s}}"}}""".formatted(secret));
    repo.simple("cfgpart", 0, "1.0").file("cfgpart", 0, "zeta.json", """
        {"zetaVersion": "1", "configFiles": [{"template": "t.conf", "target": "conf/t.conf"}]}""")
        .file("cfgpart", 0, "t.conf", "x={{>" + secret + "}}\n");
    Cli.Result check = cli.run("package", "repo", "check", repo.root().toString());
    assertThat(check.out()).contains("FAILED envpart@1.0").contains("zeta.json/env/LEAK: {{>" + secret)
        .contains("FAILED cfgpart@1.0").contains("t.conf: {{>" + secret).doesNotContain(SECRET);
  }

  // --- item 7: versions and file names --------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {".zeta-tmp-web1-1", ".hidden", "-1.0", "1.0/../../x", "a\\u001bb", "v\\u202e1"})
  void aVersionThatCouldNameSomethingElseOnDiskIsInvalid(String version) {
    repo.simple("ver", 0, "1.0").file("ver", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "ver", "version": "%s", "maintainer": "m", "description": "d", "tags": []}"""
        .formatted(version));
    Cli.Result check = cli.run("package", "repo", "check", repo.root().toString());
    assertThat(check.exit()).isEqualTo(1);
    assertThat(check.out()).contains("FAILED ver@").contains("package.json at /version: ")
        .doesNotContain("\u001b").doesNotContain("\u202e");
    // Universe's schema refuses some of these itself; Zeta's rule refuses the rest.
    assertOneLineError(cli.run("package", "describe", "ver", "--repo", repo.root().toString()), "package.json at /version", "");
  }

  @Test
  void aVersionOfMoreThan128CharactersIsInvalid() {
    repo.simple("ver", 0, "1." + "0".repeat(200));
    assertOneLineError(cli.run("package", "describe", "ver", "--repo", repo.root().toString()), "/version",
        "version must be 1 to 128 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a:b.txt", "back\\slash.txt", "tab\there.txt", "esc\u001b.txt", "sp ace.txt", "q?.txt", "pct%41.txt"})
  void aFileNameThatCannotBeAUriPathIsInvalidAtLoad(String fileName) throws IOException {
    repo.simple("names", 0, "1.0");
    Files.writeString(repo.dir("names", 0).resolve(fileName), "x");
    Cli.Result check = cli.run("package", "repo", "check", repo.root().toString());
    assertThat(check.exit()).isEqualTo(1);
    assertThat(check.out()).contains("FAILED names@1.0").contains("file name may only hold letters, digits")
        .doesNotContain("\u001b").doesNotContain("\t");
    assertThat(check.out()).contains("1 rendered");
    Cli.Result search = cli.ok("package", "search", "--repo", repo.root().toString());
    assertThat(search.err()).contains("skipped invalid names@1.0").contains("file name may only hold");
    assertNoRawControls(search.err().replace("\n", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"good@.zeta-tmp-x", "good@-1", "good@.."})
  void aVersionOnTheCommandLineStartsWithALetterOrDigitToo(String ref) {
    assertOneLineError(cli.run("package", "render", ref, "--repo", repo.root().toString()), "invalid package version",
        "starting with a letter or digit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../escape.sh", "/abs/x", "a//b", "./x", "c:x", "files/\u0085x"})
  void anIndexZetaFilesPathThatCannotBeAUriPathIsInvalid(String path) throws IOException {
    Path index = tmp.resolve("index.json");
    String b64 = Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8));
    JsonNode doc = Json.parse("""
        {"packages": [
          {"packagingVersion": "3.0", "name": "idx", "version": "1.0", "releaseVersion": 0, "maintainer": "m",
           "description": "d", "tags": [], "zetaFiles": {}},
          {"packagingVersion": "3.0", "name": "fine", "version": "1.0", "releaseVersion": 0, "maintainer": "m",
           "description": "d", "tags": []}]}""", "index");
    ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("packages").get(0).get("zetaFiles")).put(path, b64);
    Files.writeString(index, Json.compact(doc));
    Cli.Result check = cli.run("package", "repo", "check", index.toString());
    assertThat(check.exit()).isEqualTo(1);
    assertThat(check.out()).contains("FAILED idx@1.0").contains("file ").doesNotContain("\u0085");
    assertThat(names(cli.ok("package", "search", "--json", "--repo", index.toString()))).containsExactly("fine");
  }

  // --- item 8: resource bombs -----------------------------------------------------------------

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aDeeplyNestedConfigJsonMakesOnlyThatPackageInvalid() {
    repo.simple("deep", 0, "1.0").file("deep", 0, "config.json", nested(490));
    Cli.Result search = cli.ok("package", "search", "--json", "--repo", repo.root().toString());
    assertThat(names(search)).containsExactly("good");
    assertThat(search.err()).contains("skipped invalid deep@1.0").contains("config.json: refused: ")
        .contains("nested deeper than 64 levels");
    assertOneLineError(cli.run("package", "describe", "deep", "--repo", repo.root().toString()), "config.json",
        "nested deeper than 64 levels");
  }

  @Test
  void aPackageFileOverFourMebibytesIsInvalid() {
    String big = "{\"packagingVersion\": \"3.0\", \"name\": \"big\", \"version\": \"1.0\", \"maintainer\": \"m\", "
        + "\"description\": \"" + "x".repeat(4 * 1024 * 1024) + "\", \"tags\": []}";
    repo.simple("big", 0, "1.0").file("big", 0, "package.json", big);
    repo.simple("bigtpl", 0, "1.0").file("bigtpl", 0, "marathon.json.mustache", " ".repeat(4 * 1024 * 1024 + 1) + "{}");
    Cli.Result check = cli.run("package", "repo", "check", repo.root().toString());
    assertThat(check.out()).contains("FAILED big@").contains("package.json: " + big.length() + " bytes; at most 4194304")
        .contains("FAILED bigtpl@1.0").contains("at most 4194304 (4 MiB)").contains("1 rendered");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aTemplateThatExpandsWithoutBoundFailsFast() {
    // Two nested sections over 900 strings of 100 characters: 81 MB of output from a 4 kB package.
    String list = "[" + ("\"" + "x".repeat(100) + "\",").repeat(899) + "\"x\"]";
    repo.simple("bomb", 0, "1.0").file("bomb", 0, "config.json", """
        {"type": "object", "properties": {"l": {"type": "array", "default": %s}}}""".formatted(list))
        .file("bomb", 0, "marathon.json.mustache",
            "{\"id\": \"bomb\", \"cmd\": \"{{#l}}{{#l}}{{.}}{{/l}}{{/l}}\", \"instances\": 1}");
    long start = System.nanoTime();
    Cli.Result r = cli.run("package", "render", "bomb", "--repo", repo.root().toString());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertOneLineError(r, "bomb marathon.json.mustache: template refused: output exceeds 16 MiB",
        "(Zeta's limit per rendered file)");
    assertThat(millis).as("render of a template bomb").isLessThan(20_000);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void nestedSectionsThatWriteNothingAreBoundedToo() {
    String list = "[" + "1,".repeat(999) + "1]";
    repo.simple("spin", 0, "1.0").file("spin", 0, "config.json", """
        {"type": "object", "properties": {"l": {"type": "array", "default": %s}}}""".formatted(list))
        .file("spin", 0, "marathon.json.mustache",
            "{\"id\": \"spin\", \"cmd\": \"{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}\", \"instances\": 1}");
    assertOneLineError(cli.run("package", "render", "spin", "--repo", repo.root().toString()),
        "spin marathon.json.mustache: template refused", "more than 1000000 list elements");
  }

  @Test
  void optionsBeyondTheLimitsAreRefused() throws IOException {
    Path deep = tmp.resolve("deep.json");
    Files.writeString(deep, "{\"name\": " + "[".repeat(100) + "]".repeat(100) + "}");
    assertOneLineError(cli.run("package", "render", "good", "--options", deep.toString(), "--repo", repo.root().toString()),
        "options file " + deep, "nested deeper than 64 levels");
    Path big = tmp.resolve("big.json");
    Files.writeString(big, "{\"name\": \"" + "x".repeat(4 * 1024 * 1024) + "\"}");
    assertOneLineError(cli.run("package", "render", "good", "--options", big.toString(), "--repo", repo.root().toString()),
        "options file " + big, "at most 4194304 (4 MiB) are read");
    assertOneLineError(cli.run("package", "render", "good", "--options", "/dev/zero", "--repo", repo.root().toString()),
        "options file /dev/zero", "at most 4194304");
    assertOneLineError(cli.run("package", "render", "good", "--set", "a.".repeat(5000) + "b=1", "--repo",
        repo.root().toString()), "--set: key nested deeper than 63 levels", "");
    assertOneLineError(cli.run("package", "render", "good", "--set", "name=" + "[".repeat(70) + "]".repeat(70),
        "--repo", repo.root().toString()), "options nested deeper than 64 levels", "");
  }

  // --- item 15: control characters in output --------------------------------------------------

  static final String FORGED = "evil \u001b[2J\r\nFAKE  1.0 \u202eed\u009b";

  @Test
  void controlCharactersFromAPackageAreEscapedInSearchAndDescribe() {
    repo.simple("ansi", 0, "1.0").file("ansi", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "ansi", "version": "1.0", "maintainer": "m\\u001b]0;title\\u0007",
         "description": %s, "tags": ["t\\u001b[31mred"], "preInstallNotes": "line one\\nline two\\r\\nforged"}"""
        .formatted(Json.compact(FORGED)));
    Cli.Result search = cli.ok("package", "search", "--repo", repo.root().toString());
    assertThat(search.err()).isEmpty();
    assertNoRawControls(search.out());
    assertThat(search.out()).contains("evil \\x1b[2J\\r\\nFAKE 1.0 \\u202eed\\x9b");
    assertThat(search.out().lines().filter(l -> l.startsWith("FAKE"))).isEmpty();

    Cli.Result describe = cli.ok("package", "describe", "ansi", "--repo", repo.root().toString());
    assertNoRawControls(describe.out().replace("\n", ""));
    assertThat(describe.out()).contains("evil \\x1b[2J\\r\\nFAKE  1.0 \\u202eed\\x9b")
        .contains("Maintainer:   m\\x1b]0;title\\x07").contains("line one\nline two\\r\\nforged");

    JsonNode json = Json.parse(cli.ok("package", "search", "--json", "--repo", repo.root().toString()).out(), "search");
    JsonNode ansi = json.get("packages").get(0);
    assertThat(ansi.get("name").asText()).isEqualTo("ansi");
    assertThat(ansi.get("description").asText()).isEqualTo(FORGED);
    String raw = cli.ok("package", "describe", "ansi", "--json", "--repo", repo.root().toString()).out();
    assertNoRawControls(raw.replace("\n", ""));
    assertThat(Json.parse(raw, "describe").at("/package/description").asText()).isEqualTo(FORGED);
  }

  @Test
  void controlCharactersInAnErrorAreEscaped() {
    Cli.Result r = cli.run("package", "render", "good@1\u001b[2J\r\nFAKE", "--repo", repo.root().toString());
    assertOneLineError(r, "invalid package version '1\\x1b[2J\\r\\nFAKE'", "");
    assertNoRawControls(r.err().replace("\n", ""));
  }

  static void assertNoRawControls(String text) {
    text.chars().filter(c -> c != '\n').forEach(c -> assertThat(c < 0x20 || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)).as("raw U+%04X in %s", c, text).isFalse());
  }

  static String nested(int depth) {
    return "{\"type\": \"object\", \"x\": " + "[".repeat(depth) + "]".repeat(depth) + "}";
  }

  static java.util.List<String> names(Cli.Result r) {
    return Json.parse(r.out(), "search").get("packages").findValuesAsText("name");
  }

  private static void run(String... command) throws IOException, InterruptedException {
    assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).as(String.join(" ", command)).isZero();
  }

  private static boolean runs(String... command) {
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
