package io.zeta.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.testing.Cli;
import io.zeta.testing.Refusals;
import io.zeta.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each kind of bad input: a one-line error naming the file or option, status 1, no stack trace. */
class CatalogBadInputTest {
  @TempDir
  Path tmp;
  TestRepo repo;
  Cli cli;

  @BeforeEach
  void setUp() {
    repo = new TestRepo(tmp.resolve("repo")).simple("good", 0, "1.0");
    cli = new Cli(tmp.resolve("home"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"package.json", "config.json", "resource.json", "command.json", "zeta.json"})
  void malformedJsonInAnyPackageFileNamesTheFile(String file) {
    repo.simple("broken", 0, "1.0").file("broken", 0, file, "{\"oops\": ");
    Cli.Result r = render("broken");
    assertOneLineError(r, repo.dir("broken", 0).resolve(file).toString(), "invalid JSON at line");
    // The rest of the repository still works.
    assertThat(render("good").exit()).isZero();
  }

  @Test
  void unknownPackagingVersion() {
    repo.simple("future", 0, "1.0").file("future", 0, "package.json", """
        {"packagingVersion": "6.0", "name": "future", "version": "1.0", "maintainer": "m", "description": "d", "tags": []}""");
    assertOneLineError(render("future"), "package.json at /packagingVersion", "unknown packagingVersion \"6.0\"");
  }

  @Test
  void optionViolatingTheSchema() {
    assertOneLineError(render("good", "--set", "port=0"), "/port", "minimum");
    assertOneLineError(render("good", "--set", "port=abc"), "/port", "string found, integer expected");
  }

  @Test
  void unknownOptionWithAdditionalPropertiesFalse() {
    assertOneLineError(render("good", "--set", "colour=red"), "'colour'", "does not allow additional properties");
  }

  @Test
  void unknownPackageOrVersion() {
    assertOneLineError(render("nosuch"), "package nosuch not found", "");
    assertOneLineError(render("good@9.9"), "package good has no version 9.9", "available: 1.0");
  }

  @Test
  void templateThatRendersInvalidJson() {
    repo.simple("badtpl", 0, "1.0").file("badtpl", 0, "marathon.json.mustache", "{\"id\": \"x\", \"instances\": {{nothing}} }");
    assertOneLineError(render("badtpl"), "badtpl@1.0 marathon.json.mustache renders invalid JSON at line 1", "");
  }

  @Test
  void repositoryThatDoesNotExist() {
    Cli.Result r = cli.run("package", "search", "x", "--repo", tmp.resolve("missing").toString());
    assertOneLineError(r, "repository " + tmp.resolve("missing") + " does not exist", "");
  }

  @Test
  void optionsFileThatIsNotJson() throws Exception {
    Path options = tmp.resolve("options.json");
    java.nio.file.Files.writeString(options, "port: 1");
    assertOneLineError(render("good", "--options", options.toString()), "options file " + options, "invalid JSON");
  }

  private Cli.Result render(String pkg, String... extra) {
    String[] args = new String[4 + extra.length];
    args[0] = "package";
    args[1] = "render";
    args[2] = pkg;
    System.arraycopy(extra, 0, args, 3, extra.length);
    args[args.length - 1] = "--repo=" + repo.root();
    return cli.run(args);
  }

  static void assertOneLineError(Cli.Result r, String names, String says) {
    Refusals.assertOneLineError(r, names, says);
  }
}
