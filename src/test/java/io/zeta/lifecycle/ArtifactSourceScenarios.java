package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.FlakyHttpServer;
import io.zeta.testing.FlakyHttpServer.Mode;
import io.zeta.testing.TestRepo;
import io.zeta.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where a package's artifacts may come from (issue 9, item 2) and how downloads fail or recover
 * (item 9), through `zeta package stage` against a real, misbehaving HTTP server on 127.0.0.1.
 * Every refused or failed stage leaves the cluster tree as it was, but for its audit line.
 */
abstract class ArtifactSourceScenarios extends ClusterLifecycleSuite {
  static final int SIZE = 3 * 1024 * 1024 + 12345;
  FlakyHttpServer server;
  TestRepo repo;
  byte[] payload;

  @BeforeEach
  void serverAndRepo() throws IOException {
    initWithRoles("team1");
    server = new FlakyHttpServer();
    repo = new TestRepo(tmp.resolve("repo"));
    payload = new byte[SIZE];
    new Random(42).nextBytes(payload);
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
  }

  /** A package whose one zeta.json artifact has this URL (and, if not null, this declared size). */
  void pkg(String name, String url, Long size, boolean withSha) {
    repo.simple(name, 0, "1.0").file(name, 0, "zeta.json", """
        {"zetaVersion": "1", "artifacts": {"blob": {"url": "%s", "extract": false%s%s}}}""".formatted(url,
        size == null ? "" : ", \"size\": " + size, withSha ? ", \"sha256\": \"" + sha256(payload) + "\"" : ""));
  }

  Cli.Result stage(String name, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "package";
    args[1] = "stage";
    args[2] = name;
    args[3] = "--repo=" + repo.root();
    System.arraycopy(more, 0, args, 4, more.length);
    return cli.run(args);
  }

  /** The command fails with one line saying {@code says}, no stack trace, and the tree is unchanged. */
  void refused(String says, String name, String... more) {
    refusedRun(says, () -> stage(name, more));
  }

  void refusedRun(String says, java.util.function.Supplier<Cli.Result> command) {
    Map<String, String> before = Trees.withoutAudit(root);
    Cli.Result r = command.get();
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("zeta: ").contains(says).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.err().lines().findFirst().orElseThrow()).contains(says);
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).as("changed by the refused command").isEmpty();
    JsonNode audit = json("cluster", "audit", "--json");
    assertThat(audit.get(audit.size() - 1).get("result").asText()).startsWith("failed: ");
  }

  /** Staged: the staged copy has the payload's bytes, and the manifest its sha256 and size. */
  void stagedIntact(String name) {
    Cli.Result r = stage(name);
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode manifest = Json.parse(read("/zeta/shared/" + name + "/stage/1.0/stage.json"), "stage.json");
    JsonNode a = manifest.get("artifacts").get(0);
    assertThat(a.get("sha256").asText()).isEqualTo(sha256(payload));
    assertThat(a.get("size").asLong()).isEqualTo(SIZE);
    try (var fs = fs(); var in = fs.open(p("/zeta/shared/" + name + "/stage/1.0/" + a.get("file").asText()))) {
      assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(payload));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // --- item 2: artifact URLs

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "file:///etc/passwd|local file URL 'file:///etc/passwd' refused",
      "file:/etc/shadow|local file URL 'file:/etc/shadow' refused",
      "file://localhost/etc/passwd|local file URL 'file://localhost/etc/passwd' refused",
      "file://otherhost/etc/passwd|names a file on another host",
      "../../../../etc/passwd|relative URL '../../../../etc/passwd' leaves the package",
      "files/../../../../../../etc/passwd|leaves the package",
      "files/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd|leaves the package",
      "/etc/passwd|URL '/etc/passwd' is not a path inside the package",
      "ftp://127.0.0.1/x.bin|URL scheme 'ftp' refused",
      "jar:file:///tmp/x.jar!/a|URL scheme 'jar' refused",
      "hdfs://127.0.0.1:1/x.bin|URL scheme 'hdfs' refused",
      "http:///x.bin|has no host",
  })
  void artifactUrlsThatLeaveThePackageAreRefused(String url, String says) {
    pkg("evil", url, null, false);
    refused(says, "evil");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "file:///etc/shadow",
      "{{zeta.homeUri}}/../../../../../../../../etc/shadow",
      "/etc/shadow",
      "ftp://127.0.0.1/x",
  })
  void whatAnAppFetchesIsCheckedToo(String uri) {
    repo.simple("fetchy", 0, "1.0").file("fetchy", 0, "marathon.json.mustache", """
        {"id": "x", "cmd": "cat shadow", "cpus": 0.1, "mem": 32, "instances": 1, "uris": ["%s"]}""".formatted(uri));
    assertThat(stage("fetchy").exit()).isZero();
    refusedRun("an app may fetch only http(s) URLs and files of the cluster",
        () -> cli.run("package", "install", "fetchy", "--role", "team1", "--id", "f"));
  }

  @Test
  void resourceJsonUrisAreCheckedToo() {
    repo.simple("evilres", 0, "1.0").file("evilres", 0, "resource.json",
        "{\"assets\": {\"uris\": {\"shadow\": \"file:///etc/shadow\"}}}");
    refused("artifact shadow: local file URL 'file:///etc/shadow' refused", "evilres");
  }

  @Test
  void aRelativeUrlInsideThePackageIsStaged() throws IOException {
    pkg("inside", "files/blob.bin", (long) SIZE, true);
    Files.createDirectories(repo.dir("inside", 0).resolve("files"));
    Files.write(repo.dir("inside", 0).resolve("files/blob.bin"), payload);
    stagedIntact("inside");
  }

  @Test
  void aLinkInsideThePackageThatLeadsOutIsRefused() throws IOException {
    pkg("linked", "files/passwd", null, false);
    Files.createDirectories(repo.dir("linked", 0).resolve("files"));
    Files.createSymbolicLink(repo.dir("linked", 0).resolve("files/passwd"), Path.of("/etc/passwd"));
    // Refused when the repository is loaded (a package may not hold links), or at the latest when it is fetched.
    Map<String, String> before = Trees.withoutAudit(root);
    Cli.Result r = stage("linked");
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).containsAnyOf("symbolic link", "symlink").doesNotContain("\tat ");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
  }

  @Test
  void aLocalDirectoryAllowedByTheOperatorIsUsedButNoLinkOutOfIt() throws IOException {
    Path allowed = Files.createDirectories(tmp.resolve("allowed"));
    Files.write(allowed.resolve("blob.bin"), payload);
    Path outside = Files.writeString(tmp.resolve("secret.txt"), "secret\n");
    Files.createSymbolicLink(allowed.resolve("link.bin"), outside);
    pkg("local", allowed.resolve("blob.bin").toUri().toString(), null, true);
    pkg("locallink", allowed.resolve("link.bin").toUri().toString(), null, false);
    refused("local file URL '" + allowed.resolve("blob.bin").toUri() + "' refused", "local");
    refused("refused", "locallink", "--allow-local-artifacts", allowed.toString());
    assertThat(stage("local", "--allow-local-artifacts", tmp.resolve("elsewhere").toString()).err())
        .contains("--allow-local-artifacts " + tmp.resolve("elsewhere") + ": no such directory");
    Cli.Result r = stage("local", "--allow-local-artifacts", tmp.resolve("nothere").toString(),
        "--allow-local-artifacts", allowed.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(stage("local", "--allow-local-artifacts", allowed.toString()).exit()).isZero();
  }

  // --- item 9: downloads

  @Test
  void aBodyShorterThanItsContentLengthFailsAndPublishesNothing() {
    server.serve("/short.bin", payload, Mode.ALWAYS_SHORT);
    pkg("short", server.url("/short.bin"), null, false);
    refused("the body ended after " + SIZE / 2 + " of " + SIZE + " bytes (4 attempts); nothing was staged", "short");
    assertThat(exists("/zeta/shared/short")).isFalse();
  }

  @Test
  void aBodyWithoutLengthShorterThanTheDeclaredSizeFails() {
    server.serve("/nolen.bin", payload, Mode.NO_LENGTH_SHORT);
    pkg("nolen", server.url("/nolen.bin"), (long) SIZE, false);
    refused("of " + SIZE + " bytes (4 attempts); nothing was staged", "nolen");
  }

  @Test
  void theDeclaredSizeIsEnforcedBothWays() {
    server.serve("/ok.bin", payload, Mode.OK);
    pkg("smaller", server.url("/ok.bin"), (long) SIZE - 1, false);
    refused("is " + SIZE + " bytes but the package declares size " + (SIZE - 1), "smaller");
    pkg("larger", server.url("/ok.bin"), (long) SIZE + 1, false);
    refused("is " + SIZE + " bytes but the package declares size " + (SIZE + 1), "larger");
  }

  @Test
  void theArtifactSizeCapIsConfigurable() {
    server.serve("/ok.bin", payload, Mode.OK);
    pkg("capped", server.url("/ok.bin"), null, false);
    refused("above the maximum artifact size of 1048576 bytes", "capped", "--max-artifact-size", "1M");
    refused("--max-artifact-size 'lots': expected a size such as 512M or 8G", "capped", "--max-artifact-size", "lots");
    stagedIntact("capped");
  }

  @Test
  void aDroppedDownloadResumesWithRange() {
    server.serve("/resume.bin", payload, Mode.DROP_ONCE_THEN_RANGE);
    pkg("resume", server.url("/resume.bin"), (long) SIZE, true);
    stagedIntact("resume");
    assertThat(server.seen()).containsExactly(new FlakyHttpServer.Seen("/resume.bin", null),
        new FlakyHttpServer.Seen("/resume.bin", "bytes=" + SIZE / 3 + "-"));
  }

  @Test
  void aDroppedDownloadStartsOverWhenTheServerIgnoresRange() {
    server.serve("/restart.bin", payload, Mode.DROP_ONCE_NO_RANGE);
    pkg("restart", server.url("/restart.bin"), null, true);
    stagedIntact("restart");
    assertThat(server.seen()).hasSize(2);
  }

  @Test
  void unavailableIsRetriedWithBackoff() {
    server.serve("/busy.bin", payload, Mode.UNAVAILABLE_TWICE);
    pkg("busy", server.url("/busy.bin"), null, true);
    stagedIntact("busy");
    assertThat(server.seen()).hasSize(3);
  }

  @Test
  void notFoundIsNotRetried() {
    pkg("missing", server.url("/missing.bin"), null, false);
    refused("answered HTTP 404; nothing was staged", "missing");
    assertThat(server.seen()).hasSize(1);
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
