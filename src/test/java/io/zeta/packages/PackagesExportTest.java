package io.zeta.packages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.json.JsonSchema;
import io.zeta.testing.Cli;
import io.zeta.testing.Fixtures;
import io.zeta.testing.Trees;
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
 * {@code zeta package export} of every package in packages/ gives plain Universe packages that
 * {@code zeta package repo check} and Universe's own schemas accept, whose rendered apps pass
 * Marathon's schema; {@code zeta package gaps} lists each package's Zeta features; docs/DCOS-GAPS.md
 * is what its command generates; hostile targets are refused with nothing written.
 */
class PackagesExportTest {
  @TempDir
  static Path tmp;
  static Path out;
  static Cli cli;
  static List<String> packages;
  static Map<String, String> check = new TreeMap<>();
  static Path rendered;

  @BeforeAll
  static void exportAll() throws IOException {
    cli = new Cli(tmp.resolve("home"));
    out = tmp.resolve("universe");
    try (Stream<Path> s = Files.list(GoldenCluster.PACKAGES)) {
      packages = s.flatMap(letter -> {
        try {
          return Files.list(letter).map(p -> p.getFileName().toString()).toList().stream();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sorted().toList();
    }
    assertThat(packages).contains("kv", "pair", "etcd", "hello").hasSizeGreaterThanOrEqualTo(13);
    for (String p : packages) {
      cli.ok("package", "export", p, "--repo", GoldenCluster.PACKAGES.toString(), "--to", out.toString());
    }
    rendered = tmp.resolve("rendered");
    Cli.Result r = cli.run("package", "repo", "check", out.toString(), "--json", "--render-dir", rendered.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    Json.parse(r.out(), "repo check").forEach(v -> check.put(v.get("package").asText(), v.get("result").asText()
        + (v.has("error") ? ": " + v.get("error").asText() : "")));
  }

  @Test
  void everyExportPassesRepoCheckAndUniverseSchemas() throws IOException {
    for (String p : packages) {
      assertThat(check.get(p)).as(p).isEqualTo("ok");
    }
    // pair and spark are two apps each: one package per app.
    assertThat(check).containsKeys("pair-web", "spark-sparkshuffle");
    JsonSchema v40 = packageSchema("v40Package");
    JsonSchema resourceSchema = JsonSchema.compile(Json.parse(Files.readAllBytes(
        Fixtures.root().resolve("universe/meta/v3-resource-schema.json")), "v3-resource-schema.json"), "v3-resource-schema.json");
    List<Path> releases;
    try (Stream<Path> s = Files.find(out, 3, (f, a) -> f.getNameCount() == out.getNameCount() + 3 && a.isDirectory())) {
      releases = s.sorted().toList();
    }
    assertThat(releases).hasSize(check.size());
    for (Path release : releases) {
      assertThat(release.resolve("zeta.json")).as(release + ": no zeta.json").doesNotExist();
      JsonNode pkg = Json.parse(Files.readAllBytes(release.resolve("package.json")), "package.json");
      assertThat(pkg.path("packagingVersion").asText()).isEqualTo("4.0");
      assertThat(v40.validate(pkg)).as(release + " package.json").isEmpty();
      if (Files.exists(release.resolve("resource.json"))) {
        assertThat(resourceSchema.validate(Json.parse(Files.readAllBytes(release.resolve("resource.json")), "resource.json")))
            .as(release + " resource.json").isEmpty();
      }
    }
    int apps = 0;
    try (Stream<Path> s = Files.walk(rendered)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        JsonNode app = Json.parse(Files.readString(f), f.toString());
        assertThat(GoldenCluster.marathonViolations(app)).as(f + "\n" + Json.pretty(app)).isEmpty();
        apps++;
      }
    }
    assertThat(apps).isEqualTo(check.size());
  }

  @Test
  void kvExportWritesItsConfigAndExportsInTheSandbox() throws IOException {
    JsonNode app = Json.parse(Files.readString(rendered.resolve("kv/0.json")), "kv");
    assertThat(app.path("id").asText()).isEqualTo("/zeta/kv");
    String cmd = app.path("cmd").asText();
    assertThat(cmd).startsWith("mkdir -p 'data' && chmod 0770 'data'")
        .contains("cat > 'conf/kv.properties' <<'ZETA_EOF_1'\n", "port=31480\n", "cp 'conf/kv.properties' 'kv.properties'")
        .endsWith("exec java -Xmx32m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 KvServer.java --config kv.properties");
    assertThat(app.path("env").path("ZETA_kv_PORT").asText()).isEqualTo("31480");
    assertThat(app.path("fetch")).hasSize(1);
    assertThat(app.path("fetch").get(0).path("uri").asText())
        .isEqualTo("http://zeta-serve.marathon.l4lb.thisdcos.directory:7070/zeta/v1/stages/kv/1.0.0/artifacts/server/KvServer.java");
    assertThat(Files.readString(out.resolve("K/kv/0/marathon.json.mustache"))).doesNotContain("zeta.home", "zeta.appId");
    // The template stays a template over the package's own options (and the zeta context as options).
    Cli.Result r = cli.ok("package", "render", "kv", "--repo", out.toString(), "--set", "port=31999", "--set", "zeta.role=prod",
        "--set", "zeta.id=store1", "--set", "zeta.envId=store1");
    JsonNode custom = Json.parse(r.out(), "render");
    assertThat(custom.path("id").asText()).isEqualTo("/prod/store1");
    assertThat(custom.path("env").path("ZETA_store1_PORT").asText()).isEqualTo("31999");
    assertThat(custom.path("cmd").asText()).contains("port=31999\n");
  }

  @Test
  void gapsListEachPackagesFeatures() {
    Map<String, List<String>> features = new TreeMap<>();
    JsonNode all = Json.parse(cli.ok("package", "gaps", "--all", "--json", "--repo", GoldenCluster.PACKAGES.toString()).out(), "gaps");
    for (JsonNode p : all) {
      List<String> f = new ArrayList<>();
      p.path("gaps").forEach(g -> f.add(g.path("feature").asText()));
      features.put(p.path("package").asText(), f);
    }
    assertThat(features.keySet()).containsAll(packages);
    packages.forEach(p -> assertThat(features.get(p)).as(p).contains("instances", "capabilities"));
    assertThat(features.get("kv")).contains("persistent-data", "config-files", "directories", "env-exports", "staging");
    assertThat(features.get("pair")).contains("multi-app", "persistent-data", "env-exports");
    assertThat(features.get("etcd")).contains("multi-app", "capabilities");
    JsonNode etcd = Json.parse(cli.ok("package", "gaps", "etcd", "--json", "--repo", GoldenCluster.PACKAGES.toString()).out(), "etcd");
    assertThat(etcd.path("package").asText()).isEqualTo("etcd");
    List<String> capabilities = new ArrayList<>();
    etcd.path("gaps").forEach(g -> {
      if (g.path("feature").asText().equals("capabilities")) {
        capabilities.add(g.path("uses").asText());
      }
      if (g.path("feature").asText().equals("multi-app")) {
        assertThat(g.path("lost").asText()).contains("only the first copy");
      }
    });
    assertThat(capabilities).singleElement().asString().contains("docker", "posix-mount");
    String table = cli.ok("package", "gaps", "pair", "--repo", GoldenCluster.PACKAGES.toString()).out();
    assertThat(table).startsWith("FEATURE").contains("multi-app", "pair-web");
  }

  @Test
  void dcosGapsDocIsWhatItsCommandGenerates() throws IOException {
    Path doc = Path.of("docs/DCOS-GAPS.md");
    String generated = cli.ok("package", "gaps", "--all", "--markdown", "--repo", "packages").out();
    assertThat(generated).contains("zeta package gaps --all --markdown --repo packages", "| missing in Cosmos |");
    assertThat(Files.readString(doc)).as("docs/DCOS-GAPS.md is stale: regenerate it with the command it names").isEqualTo(generated);
    assertThat(Files.readString(Path.of("README.md"))).contains("zeta package gaps --all --markdown --repo packages > docs/DCOS-GAPS.md");
  }

  @Test
  void anExistingExportIsReplacedOnlyWithForce() throws IOException {
    Path dir = tmp.resolve("again");
    cli.ok("package", "export", "hello", "--repo", GoldenCluster.PACKAGES.toString(), "--to", dir.toString());
    Map<String, String> before = Trees.snapshot(dir.toUri());
    Cli.Result refused = cli.run("package", "export", "hello", "--repo", GoldenCluster.PACKAGES.toString(), "--to", dir.toString(),
        "--artifact-base-url", "http://other.example:1/s");
    assertThat(refused.exit()).as(refused.toString()).isNotZero();
    assertThat(refused.err()).contains("already holds H/hello/0", "--force").doesNotContain("Exception", "\tat ");
    assertThat(Trees.snapshot(dir.toUri())).isEqualTo(before);
    cli.ok("package", "export", "hello", "--repo", GoldenCluster.PACKAGES.toString(), "--to", dir.toString(),
        "--artifact-base-url", "http://other.example:1/s", "--force");
    assertThat(Files.readString(dir.resolve("H/hello/0/resource.json"))).contains("http://other.example:1/s/hello/");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).as("no temporary directory left").containsExactly("H");
    }
  }

  @Test
  void hostileTargetsAreRefusedWithNothingWritten() throws IOException {
    Path real = Files.createDirectories(tmp.resolve("real"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    Cli.Result r = cli.run("package", "export", "kv", "--repo", GoldenCluster.PACKAGES.toString(), "--to", link.toString());
    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains("symbolic link").doesNotContain("\tat ");
    assertThat(Trees.snapshot(real.toUri())).isEmpty();
    // A link at a level of the layout (K/kv -> elsewhere) is refused too.
    Path target = Files.createDirectories(tmp.resolve("t"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createDirectories(target.resolve("K"));
    Files.createSymbolicLink(target.resolve("K/kv"), elsewhere);
    Map<String, String> before = Trees.snapshot(tmp.resolve("t").toUri());
    r = cli.run("package", "export", "kv", "--repo", GoldenCluster.PACKAGES.toString(), "--to", target.toString());
    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains("K/kv is a symbolic link");
    assertThat(Trees.snapshot(elsewhere.toUri())).isEmpty();
    assertThat(Trees.snapshot(tmp.resolve("t").toUri())).isEqualTo(before);
    // An artifact base that is not http(s).
    Path fresh = tmp.resolve("fresh");
    r = cli.run("package", "export", "kv", "--repo", GoldenCluster.PACKAGES.toString(), "--to", fresh.toString(),
        "--artifact-base-url", "file:///etc");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("--artifact-base-url file:///etc is not an http(s) URL");
    assertThat(fresh).doesNotExist();
  }

  @Test
  void repositoryIndexRoundTripsPackagesAndExports() throws IOException {
    for (Path repo : List.of(GoldenCluster.PACKAGES, out)) {
      String name = repo.getFileName().toString();
      Path index = tmp.resolve(name + "-repo.json");
      cli.ok("package", "repo", "index", repo.toString(), "--out", index.toString(), "--format", "v4");
      JsonNode doc = Json.parse(Files.readAllBytes(index), "index");
      JsonSchema v40 = repoEntrySchema("v40Package");
      for (JsonNode entry : doc.path("packages")) {
        ObjectNode universe = ((ObjectNode) entry).deepCopy();
        universe.remove(List.of("zeta", "zetaFiles"));
        assertThat(v40.validate(universe)).as(name + " " + entry.path("name")).isEmpty();
        if (!entry.path("zeta").has("apps")) { // a multi-app Zeta package has its templates in zetaFiles
          assertThat(entry.path("marathon").path("v2AppMustacheTemplate").asText()).as(entry.path("name").asText()).isNotEmpty();
        }
      }
      // index -> load -> the same packages, definitions and renders as the directory.
      Path fromDir = tmp.resolve(name + "-dir-rendered");
      Path fromIndex = tmp.resolve(name + "-index-rendered");
      Cli.Result a = cli.ok("package", "repo", "check", repo.toString(), "--json", "--render-dir", fromDir.toString());
      Cli.Result b = cli.ok("package", "repo", "check", index.toString(), "--json", "--render-dir", fromIndex.toString());
      assertThat(Json.parse(b.out(), "index check")).isEqualTo(Json.parse(a.out(), "dir check"));
      assertThat(doc.path("packages").size()).isEqualTo(Json.parse(a.out(), "dir check").size());
      try (Stream<Path> files = Files.walk(fromDir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          JsonNode x = withoutSource(Json.parse(Files.readString(f), f.toString()));
          JsonNode y = withoutSource(Json.parse(Files.readString(fromIndex.resolve(fromDir.relativize(f))), "index render"));
          assertThat(y).as(name + " " + fromDir.relativize(f)).isEqualTo(x);
        }
      }
      for (String p : List.of("kv", "pair")) {
        JsonNode d1 = Json.parse(cli.ok("package", "describe", p, "--json", "--repo", repo.toString()).out(), "describe");
        JsonNode d2 = Json.parse(cli.ok("package", "describe", p, "--json", "--repo", index.toString()).out(), "describe");
        assertThat(withoutSource(d2)).as(name + " describe " + p).isEqualTo(withoutSource(d1));
      }
    }
  }

  @Test
  void repositoryIndexFiltersByFormatAndDcosVersion() throws IOException {
    Path repo = tmp.resolve("minversion");
    Path release = Files.createDirectories(repo.resolve("K/kv/0"));
    try (Stream<Path> s = Files.walk(out.resolve("K/kv/0"))) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        Files.copy(f, release.resolve(f.getFileName().toString()));
      }
    }
    ObjectNode pkg = Json.parseObject(Files.readAllBytes(release.resolve("package.json")), "package.json");
    pkg.put("minDcosReleaseVersion", "1.11");
    Files.write(release.resolve("package.json"), Json.prettyBytes(pkg));
    Path index = tmp.resolve("min.json");
    Cli.Result old = cli.ok("package", "repo", "index", repo.toString(), "--out", index.toString(), "--dcos-version", "1.10");
    assertThat(old.err()).contains("left out kv@1.0.0 (release 0): needs DC/OS 1.11");
    assertThat(Json.parse(Files.readAllBytes(index), "index").path("packages")).isEmpty();
    cli.ok("package", "repo", "index", repo.toString(), "--out", index.toString(), "--dcos-version", "1.11.2");
    assertThat(Json.parse(Files.readAllBytes(index), "index").path("packages")).hasSize(1);
    Cli.Result v3 = cli.ok("package", "repo", "index", repo.toString(), "--out", index.toString(), "--format", "v3");
    assertThat(v3.err()).contains("packagingVersion 4.0 is not in repository format v3");
    assertThat(Json.parse(Files.readAllBytes(index), "index").path("packages")).isEmpty();
    byte[] before = Files.readAllBytes(index);
    Cli.Result bad = cli.run("package", "repo", "index", repo.toString(), "--out", index.toString(), "--dcos-version", "latest");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("--dcos-version latest is not a DC/OS release version").doesNotContain("\tat ");
    assertThat(Files.readAllBytes(index)).isEqualTo(before);
  }

  private static JsonNode withoutSource(JsonNode node) {
    JsonNode copy = node.deepCopy();
    if (copy.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode list = Json.MAPPER.createArrayNode();
      copy.forEach(e -> list.add(withoutSource(e)));
      return list;
    }
    if (copy.isObject()) {
      ((ObjectNode) copy).remove(List.of("source", "repository"));
      if (copy.path("labels").isObject()) {
        ((ObjectNode) copy.get("labels")).remove("DCOS_PACKAGE_SOURCE");
      }
    }
    return copy;
  }

  private static JsonSchema repoEntrySchema(String definition) throws IOException {
    ObjectNode defs = Json.parseObject(Files.readAllBytes(Fixtures.root().resolve("universe/meta/vX-repo-definitions.json")),
        "vX-repo-definitions.json");
    defs.put("$ref", "#/" + definition);
    return JsonSchema.compile(defs, "vX-repo-definitions.json#/" + definition);
  }

  private static JsonSchema packageSchema(String definition) throws IOException {
    ObjectNode schema = Json.parseObject(Files.readAllBytes(Fixtures.root().resolve("universe/meta/package-schema.json")),
        "package-schema.json");
    schema.remove("oneOf");
    schema.put("$ref", "#/definitions/" + definition);
    return JsonSchema.compile(schema, "package-schema.json#/definitions/" + definition);
  }
}
