package io.zeta.lifecycle;

import io.zeta.testing.Archives;
import io.zeta.testing.Cli;
import io.zeta.testing.Refusals;
import io.zeta.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input to the cluster commands: each gives a clear error and status 1, and leaves the tree
 * byte-identical (owners and modes included). Only the audit log changes: it records the refused
 * command, which each test checks too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputScenarios extends ClusterLifecycleSuite {
  Path badRepo;

  /** One cluster for the whole class: bad input must leave it as it is, which every test checks. */
  @Override
  void newCluster() {}

  @BeforeAll
  void clusterWithAnInstance() throws IOException {
    if (tmp == null) {
      tmp = Files.createTempDirectory("zeta-bad-input");
    }
    root = newRoot("bad");
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    initWithRoles("team1");
    ok("package", "install", "webapp", "--role", "team1", "--id", "web1", "--set", "owner=a", "--stage",
        "--mirror", MIRROR.toString());
    ok("package", "install", "solo", "--role", "team1", "--id", "solo1", "--stage");
    ok("package", "stage", "lb");
    badRepo = tmp.resolve("badrepo");
    TestRepo repo = new TestRepo(badRepo);
    repo.simple("badsha", 0, "1.0").file("badsha", 0, "files/x.bin", "some bytes\n")
        .file("badsha", 0, "zeta.json", """
            {"zetaVersion": "1", "artifacts": {"x": {"url": "files/x.bin",
              "sha256": "0000000000000000000000000000000000000000000000000000000000000000"}}}""");
    repo.simple("slip", 0, "1.0").file("slip", 0, "zeta.json",
        "{\"zetaVersion\": \"1\", \"artifacts\": {\"tool\": {\"url\": \"files/tool.tar.gz\"}}}");
    Archives.write(repo.dir("slip", 0).resolve("files/tool.tar.gz"),
        List.of(Archives.Entry.file("bin/tool", "ok"), Archives.Entry.file("../../evil.sh", "boom")));
    repo.simple("needsopt", 0, "1.0").file("needsopt", 0, "config.json", """
        {"type": "object", "required": ["token"], "properties": {"token": {"type": "string"},
          "port": {"type": "integer", "default": 1}, "name": {"type": "string", "default": "n"}}}""");
  }

  @Test
  void installWithStageValidatesBeforeStaging() {
    assertRefused("required property 'token' not found", "package", "install", "needsopt", "--role", "team1", "--id", "n",
        "--stage", "--repo", badRepo.toString());
  }

  void assertRefused(String says, String... args) {
    Refusals.assertRefused(cli, root, args[0].equals("package") && !args[1].equals("render"), says, args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "/abs", "UPPER", "a_b", "stage", ""})
  void invalidInstanceIds(String id) {
    assertRefused("invalid instance id '" + id + "'", "package", "install", "webapp", "--role", "team1", "--id", id,
        "--set", "owner=a");
  }

  @Test
  void unknownRole() {
    assertRefused("unknown role 'team9'", "package", "install", "webapp", "--role", "team9", "--id", "w", "--set", "owner=a");
  }

  @Test
  void invalidRoleName() {
    Refusals.assertRefused(cli, root, true, "invalid role 'Bad!'", "role", "add", "Bad!");
    assertRefused("invalid role 'Bad!'", "package", "install", "webapp", "--role", "Bad!", "--id", "w", "--set", "owner=a");
  }

  @Test
  void unknownBaseDir() {
    assertRefused("unknown base dir 'tmp'", "package", "install", "webapp", "--role", "team1", "--id", "w", "--dir", "tmp",
        "--set", "owner=a");
  }

  @Test
  void missingRequiredOption() {
    assertRefused("required property 'owner' not found", "package", "install", "webapp", "--role", "team1", "--id", "w");
  }

  @Test
  void optionViolatingTheSchema() {
    assertRefused("/heap", "package", "install", "webapp", "--role", "team1", "--id", "w", "--set", "owner=a",
        "--set", "heap=lots");
  }

  @Test
  void optionsFileThatIsNotJson() throws IOException {
    Path f = tmp.resolve("opts.json");
    Files.writeString(f, "owner: a\n");
    assertRefused("options file " + f + ": invalid JSON", "package", "install", "webapp", "--role", "team1", "--id", "w",
        "--options", f.toString());
  }

  @Test
  void unknownPackageOrVersion() {
    assertRefused("nosuch is not staged", "package", "install", "nosuch", "--role", "team1", "--id", "w");
    assertRefused("webapp@9.9 is not staged", "package", "install", "webapp@9.9", "--role", "team1", "--id", "w",
        "--set", "owner=a");
    assertRefused("package nosuch not found", "package", "stage", "nosuch");
    assertRefused("package webapp has no version 9.9", "package", "stage", "webapp@9.9");
  }

  @Test
  void artifactWithAWrongSha256() {
    assertRefused("sha256 mismatch", "package", "stage", "badsha", "--repo", badRepo.toString());
  }

  @Test
  void archiveEntryEscapingItsDirectory() {
    assertRefused("would escape its directory: '../../evil.sh'", "package", "stage", "slip", "--repo", badRepo.toString());
  }

  @Test
  void onePerClusterPackageOutsideRoleShared() {
    assertRefused("lb allows one instance per cluster, and it must be in role shared", "package", "install", "lb",
        "--role", "team1", "--id", "lb");
  }

  @Test
  void secondInstanceOfAOnePerRolePackage() {
    assertRefused("solo allows one instance per role, and team1/solo1 is installed", "package", "install", "solo",
        "--role", "team1", "--id", "solo2");
  }

  @Test
  void unstageOfAVersionInUse() {
    assertRefused("webapp@2.1.0 is in use by team1/web1", "package", "unstage", "webapp@2.1.0");
  }

  @Test
  void installingAnInstalledIdAgain() {
    assertRefused("team1/web1 is already installed", "package", "install", "webapp", "--role", "team1", "--id", "web1",
        "--set", "owner=a");
  }
}
