package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.Fixtures;
import io.zeta.testing.Refusals;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What render, describe --render, install and repo check print and refuse: every app of a
 * multi-app package, and apps checked for the target Marathon release (Universe's jenkins sets
 * {@code role}, which came with Marathon 1.9: today it installs and fails only at start).
 */
class RenderTargetTest {
  static final Path PACKAGES = Fixtures.projectPackages();
  static final Path JENKINS = Fixtures.universePackages().resolve("J/jenkins/200");

  @TempDir
  Path tmp;

  private Cli cli() {
    return new Cli(tmp.resolve("home"), tmp);
  }

  private static List<String> ids(JsonNode group) {
    List<String> ids = new ArrayList<>();
    group.path("apps").forEach(a -> ids.add(a.path("id").asText()));
    return ids;
  }

  @Test
  void renderPrintsEveryAppOfAMultiAppPackageAsItsGroup() {
    Cli cli = cli();
    JsonNode group = Json.parse(cli.ok("package", "render", "pair", "--repo", PACKAGES.toString()).out(), "render");
    assertThat(group.path("id").asText()).isEqualTo("/render/pair");
    assertThat(ids(group)).containsExactly("/render/pair/store", "/render/pair/web");
    group.path("apps").forEach(a -> assertThat(a.path("labels").path("DCOS_PACKAGE_NAME").asText()).isEqualTo("pair"));
    // As the group an install would write, at the place asked for; describe --render prints the same.
    JsonNode placed = Json.parse(cli.ok("package", "describe", "pair", "--render", "--app-id", "/team1/p1", "--repo",
        PACKAGES.toString()).out(), "describe --render");
    assertThat(placed.path("id").asText()).isEqualTo("/team1/p1");
    assertThat(ids(placed)).containsExactly("/team1/p1/store", "/team1/p1/web");
    // copies: etcd renders one app per copy.
    JsonNode etcd = Json.parse(cli.ok("package", "render", "etcd", "--repo", PACKAGES.toString()).out(), "render");
    assertThat(ids(etcd)).hasSizeGreaterThan(1).allMatch(id -> id.startsWith("/render/etcd/etcd"));
  }

  @Test
  void aMultiAppPackageNeedsAGroupIdOfRoleAndId() {
    Refusals.assertOneLineError(cli().run("package", "render", "pair", "--app-id", "web", "--repo", PACKAGES.toString()),
        "--app-id /web", "give its id as /ROLE/ID");
  }

  @Test
  void renderChecksTheAppForTheTargetMarathon() {
    Cli cli = cli();
    String repo = Fixtures.universePackages().toString();
    Cli.Result refused = cli.run("package", "render", "jenkins", "--repo", repo);
    String line = Refusals.assertOneLineError(refused, "not a valid app for Marathon 1.7",
        "/role: role came with Marathon 1.9");
    assertThat(refused.err()).contains("hint: if the scheduler runs Marathon 1.9 or later, say so with --marathon-version 1.9");
    assertThat(line).doesNotContain("\n");
    Refusals.assertOneLineError(cli.run("package", "describe", "jenkins", "--render", "--marathon-version", "1.8", "--repo",
        repo), "not a valid app for Marathon 1.8", "/role: role came with Marathon 1.9");
    JsonNode app = Json.parse(cli.ok("package", "render", "jenkins", "--marathon-version", "1.9", "--repo", repo).out(),
        "render");
    assertThat(app.path("role").asText()).isNotEmpty();
    // A field of the target release is still checked against its own shape.
    Refusals.assertOneLineError(cli.run("package", "render", "jenkins", "--marathon-version", "1.x", "--repo", repo),
        "--marathon-version '1.x' is not a Marathon version");
    Refusals.assertOneLineError(cli.run("package", "render", "jenkins", "--marathon-version", "1.4", "--repo", repo),
        "Zeta checks apps for Marathon 1.7 and later");
  }

  @Test
  void installRefusesJenkinsForMarathon17AndTakesItFor19() throws IOException {
    Cli cli = cli();
    URI root = tmp.resolve("cluster").toUri();
    String repo = Fixtures.universePackages().toString();
    cli.ok("cluster", "init", "--root", root.toString());
    cli.ok("role", "add", "team1");
    cli.ok("package", "stage", "jenkins", "--repo", repo);
    Refusals.assertRefused(cli, root, true, "/role: role came with Marathon 1.9", "package", "install", "jenkins", "--role",
        "team1", "--id", "j1");
    cli.ok("package", "install", "jenkins", "--role", "team1", "--id", "j1", "--marathon-version", "1.9");

    // A cluster that recorded Marathon 1.9 at init checks for it without the flag.
    Cli other = new Cli(tmp.resolve("home2"), tmp);
    URI root2 = tmp.resolve("cluster19").toUri();
    Cli.Result init = other.ok("cluster", "init", "--root", root2.toString(), "--marathon-version", "1.9");
    assertThat(init.out()).contains("Apps are checked for Marathon 1.9");
    assertThat(Files.readString(Path.of(root2).resolve("zeta/kstore/scheduler-info.json"))).contains("\"1.9\"");
    other.ok("role", "add", "team1");
    other.ok("package", "stage", "jenkins", "--repo", repo);
    other.ok("package", "install", "jenkins", "--role", "team1", "--id", "j1");
    // And render, with that cluster current, too.
    assertThat(other.ok("package", "render", "jenkins", "--repo", repo).out()).contains("\"role\"");
  }

  @Test
  void repoCheckFailsAnAppTheTargetRefuses() throws IOException {
    Path repo = tmp.resolve("repo/J/jenkins/200");
    Files.createDirectories(repo);
    try (Stream<Path> files = Files.list(JENKINS)) {
      for (Path f : files.toList()) {
        Files.copy(f, repo.resolve(f.getFileName()));
      }
    }
    Cli cli = cli();
    Cli.Result r = cli.run("package", "repo", "check", tmp.resolve("repo").toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED jenkins@").contains("/role: role came with Marathon 1.9").contains("1 failed");
    assertThat(cli.ok("package", "repo", "check", tmp.resolve("repo").toString(), "--marathon-version", "1.9").out())
        .contains("1 rendered").contains("0 failed");
  }
}
