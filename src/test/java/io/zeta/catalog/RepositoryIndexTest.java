package io.zeta.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cosmos's real v3 repository index used as a repository for search, describe and render. */
class RepositoryIndexTest {
  static final String INDEX = Fixtures.cosmos("repo-index/test-v3-repo-up-to-1.8.json").toString();

  @TempDir
  Path home;

  @Test
  void searchFindsPackagesOfTheIndex() {
    Cli.Result r = new Cli(home).run("package", "search", "cass", "--json", "--repo", INDEX);
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode packages = Json.parse(r.out(), "out").get("packages");
    assertThat(packages).hasSize(1);
    JsonNode cassandra = packages.get(0);
    assertThat(cassandra.get("name").asText()).isEqualTo("cassandra");
    // Latest is the highest releaseVersion (7), not the highest version string.
    assertThat(cassandra.get("currentVersion").asText()).isEqualTo("1.0.5-2.2.5");
    assertThat(cassandra.get("versions").size()).isEqualTo(6);
    assertThat(cassandra.get("versions").get("0.2.0-1").asInt()).isZero();
  }

  @Test
  void describeShowsTheDefinitionAsCosmosDoes() {
    Cli.Result r = new Cli(home).run("package", "describe", "nginx", "--json", "--repo", INDEX);
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode pkg = Json.parse(r.out(), "out").get("package");
    assertThat(pkg.get("name").asText()).isEqualTo("nginx");
    assertThat(pkg.get("releaseVersion").asInt()).isEqualTo(1);
    assertThat(pkg.at("/marathon/v2AppMustacheTemplate").isTextual()).isTrue();
    assertThat(pkg.get("config").isObject()).isTrue();

    Cli.Result human = new Cli(home).run("package", "describe", "cassandra@0.2.0-2", "--repo", INDEX);
    assertThat(human.out()).contains("Name:", "cassandra", "Release:", "1", "Packaging:", "2.0");

    Cli.Result config = new Cli(home).run("package", "describe", "nginx", "--config", "--repo", INDEX);
    assertThat(Json.parse(config.out(), "config").get("properties").isObject()).isTrue();
  }

  @Test
  void rendersThePackagesOfTheIndexAndRefusesAppsMarathonWouldNot() {
    // Two apps of the index break Marathon's app schema, and render says so: nginx has a top-level
    // "maintainer", newer cassandras "interval" and "timeout" in a readiness check (Marathon's are
    // intervalSeconds and timeoutSeconds).
    Cli.Result nginx = new Cli(home).run("package", "render", "nginx", "--repo", INDEX);
    assertThat(nginx.exit()).as(nginx.toString()).isEqualTo(1);
    assertThat(nginx.err()).contains("app /nginx is not a valid app for Marathon 1.7").contains("'maintainer'");
    for (String pkg : new String[] {"cassandra", "cassandra@1.0.2-2.2.5"}) {
      Cli.Result r = new Cli(home).run("package", "render", pkg, "--repo", INDEX);
      assertThat(r.exit()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).contains("/readinessChecks/0: property 'interval'");
    }
    for (String pkg : new String[] {"cassandra@0.2.0-1"}) {
      Cli.Result r = new Cli(home).run("package", "render", pkg, "--repo", INDEX);
      assertThat(r.exit()).as(pkg + ": " + r).isZero();
      JsonNode app = Json.parse(r.out(), "out");
      assertThat(app.at("/labels/DCOS_PACKAGE_SOURCE").asText()).isEqualTo(INDEX);
    }
    Cli.Result versions = new Cli(home).run("package", "list-versions", "cassandra", "--json", "--repo", INDEX);
    assertThat(Json.parse(versions.out(), "out").get("results").get("1.0.5-2.2.5").asText()).isEqualTo("7");
  }
}
