package io.zeta.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Await;
import io.zeta.testing.Cli;
import io.zeta.testing.CliProcess;
import io.zeta.testing.Registries;
import io.zeta.testing.TestRepo;
import io.zeta.testing.Trees;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images staged into the cluster registry, through the CLI on a file: cluster: an "upstream"
 * docker-registry on 127.0.0.1 (one per class) stands in for Docker Hub with a locally built
 * busybox; each test has its own cluster and its own embedded registry (stopped after it).
 */
class ImageStagingCliTest {
  private static final String BUSYBOX = "docker.io/library/busybox:1.36";
  @TempDir static Path shared;
  static Registries upstream;
  static String busyboxDigest;

  @TempDir Path tmp;
  Cli cli;
  URI root;
  TestRepo repo;

  @BeforeAll
  static void upstream() {
    Assumptions.assumeTrue(Registries.available(), "skipped: this machine lacks " + Registries.missing());
    upstream = Registries.start(shared.resolve("upstream"));
    busyboxDigest = upstream.pushBusybox("library/busybox", "1.36");
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @BeforeEach
  void cluster() {
    cli = new Cli(tmp.resolve("home"));
    root = tmp.resolve("cluster").toUri();
    cli.ok("cluster", "init", "--root", root.toString(), "--name", "imgs");
    repo = new TestRepo(tmp.resolve("repo"));
    boxy("boxy", 0, "1.0.0", BUSYBOX);
    cli.ok("package", "repo", "add", "test", repo.root().toString());
  }

  @AfterEach
  void stopRegistry() {
    if (cli != null) {
      cli.run("registry", "stop");
    }
  }

  /** A package running one image of resource.json, named boxImage there. */
  void boxy(String name, int release, String version, String image) {
    repo.file(name, release, "package.json", """
        {"packagingVersion": "3.0", "name": "%s", "version": "%s", "maintainer": "t@example.com",
         "description": "busybox in a container", "tags": ["test"]}""".formatted(name, version));
    repo.file(name, release, "resource.json", """
        {"assets": {"container": {"docker": {"boxImage": "%s"}}}}""".formatted(image));
    repo.file(name, release, "marathon.json.mustache", """
        {"id": "box", "cmd": "sleep 1000", "cpus": 0.1, "mem": 32, "instances": 1,
         "container": {"type": "DOCKER", "docker": {"image": "{{resource.assets.container.docker.boxImage}}"}},
         "env": {"IMG": "{{zeta.images.boximage}}"}}""");
  }

  JsonNode json(Cli.Result r) {
    return Json.parse(r.out(), "output");
  }

  JsonNode stageJson(String pkg, String version) {
    return Json.parse(Trees.read(root, "/zeta/shared/" + pkg + "/stage/" + version + "/stage.json"), "file");
  }

  String mirror() {
    return "docker.io=" + upstream.url();
  }

  int startRegistry() {
    JsonNode s = json(cli.ok("registry", "start", "-o", "json"));
    assertThat(s.path("state").asText()).isEqualTo("running");
    return s.path("port").asInt();
  }

  Registries.Probe cluster(int port) {
    return new Registries.Probe(port);
  }

  @Test
  void stagePinsTheImageByDigestInstallSeesItAndUnstageDeletesIt() {
    int port = startRegistry();
    JsonNode again = json(cli.ok("registry", "start", "-o", "json"));
    assertThat(again.path("started").asBoolean()).as("a second start is idempotent").isFalse();
    assertThat(again.path("port").asInt()).isEqualTo(port);

    Cli.Result staged = cli.ok("package", "stage", "boxy", "--image-mirror", mirror());
    assertThat(staged.out()).contains("1 images in the cluster registry");
    JsonNode image = stageJson("boxy", "1.0.0").path("stagedImages").get(0);
    String reference = "127.0.0.1:" + port + "/boxy/boximage@" + busyboxDigest;
    assertThat(image.path("digest").asText()).isEqualTo(busyboxDigest);
    assertThat(image.path("reference").asText()).isEqualTo(reference);
    assertThat(image.path("from").asText()).isEqualTo(upstream.hostPort() + "/library/busybox:1.36");
    assertThat(cluster(port).digest("boxy/boximage", "1.0.0")).isEqualTo(busyboxDigest);

    JsonNode status = json(cli.ok("registry", "status", "-o", "json"));
    assertThat(status.path("state").asText()).isEqualTo("running");
    assertThat(status.path("address").asText()).isEqualTo("127.0.0.1:" + port);
    assertThat(status.path("storage").asText()).isEqualTo("/zeta/shared/registry");
    assertThat(Files.isDirectory(Path.of(root).resolve("zeta/shared/registry/docker/registry/v2/repositories/boxy/boximage")))
        .as("blobs on the cluster's shared storage").isTrue();

    cli.ok("package", "install", "boxy", "--role", "shared", "--id", "b1");
    JsonNode app = Json.parse(Trees.read(root, "/apps/shared/boxy/b1/marathon.json"), "file");
    assertThat(app.path("container").path("docker").path("image").asText()).isEqualTo(reference);
    assertThat(app.path("env").path("IMG").asText()).isEqualTo(reference);
    cli.ok("package", "uninstall", "shared/b1", "--yes");

    Cli.Result unstaged = cli.ok("package", "unstage", "boxy", "--yes", "-o", "json");
    assertThat(json(unstaged).path("images").get(0).asText()).isEqualTo(reference);
    assertThat(cluster(port).digest("boxy/boximage", busyboxDigest)).as("the manifest is deleted").isNull();
  }

  @Test
  void aSecondStageOfAPresentImageCopiesNothingAndUnstageKeepsWhatAnotherVersionPins() {
    int port = startRegistry();
    boxy("boxy", 1, "1.0.1", BUSYBOX);
    cli.ok("package", "stage", "boxy@1.0.0", "--image-mirror", mirror());
    Cli.Result second = cli.ok("package", "stage", "boxy@1.0.1", "--image-mirror", mirror());
    assertThat(second.err()).contains("already in the registry");
    assertThat(stageJson("boxy", "1.0.1").path("stagedImages").get(0).path("copied").asBoolean()).isFalse();
    cli.ok("package", "unstage", "boxy@1.0.0");
    assertThat(cluster(port).digest("boxy/boximage", busyboxDigest)).as("1.0.1 still pins it").isEqualTo(busyboxDigest);
    cli.ok("package", "unstage", "boxy@1.0.1");
    assertThat(cluster(port).digest("boxy/boximage", busyboxDigest)).isNull();
  }

  @Test
  void theClusterMirrorSettingAppliesToEveryStage() {
    int port = startRegistry();
    cli.ok("cluster", "set", "--image-mirror", mirror());
    cli.ok("package", "stage", "boxy");
    assertThat(cluster(port).digest("boxy/boximage", "1.0.0")).isEqualTo(busyboxDigest);
  }

  @Test
  void stageBuildsAPackagesContainerfileOnceAndPinsIt() throws Exception {
    int port = startRegistry();
    repo.file("built", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "built", "version": "2.0.0", "maintainer": "t@example.com",
         "description": "built from its Containerfile", "tags": ["test"]}""");
    repo.file("built", 0, "zeta.json", """
        {"zetaVersion": "1", "images": {"app": {"build": {"containerfile": "docker/Containerfile", "context": "docker",
                                      "args": {"GREETING": "hello"}}}}}""");
    repo.file("built", 0, "docker/Containerfile", """
        FROM docker.io/library/busybox:1.36
        ARG GREETING
        COPY greeting.txt /greeting.txt
        LABEL greeting=$GREETING
        """);
    repo.file("built", 0, "docker/greeting.txt", "hello from a staged build\n");
    repo.file("built", 0, "marathon.json.mustache", """
        {"id": "app", "cmd": "cat /greeting.txt", "cpus": 0.1, "mem": 32, "instances": 1,
         "container": {"type": "DOCKER", "docker": {"image": "{{zeta.images.app}}"}}}""");
    cli.ok("package", "stage", "built", "--image-mirror", mirror());
    JsonNode image = stageJson("built", "2.0.0").path("stagedImages").get(0);
    assertThat(image.path("from").asText()).isEqualTo("build");
    String digest = image.path("digest").asText();
    assertThat(digest).startsWith("sha256:").isNotEqualTo(busyboxDigest);
    assertThat(cluster(port).digest("built/app", "2.0.0")).isEqualTo(digest);
    cli.ok("package", "install", "built", "--role", "shared", "--id", "g1");
    JsonNode app = Json.parse(Trees.read(root, "/apps/shared/built/g1/marathon.json"), "file");
    assertThat(app.path("container").path("docker").path("image").asText())
        .isEqualTo("127.0.0.1:" + port + "/built/app@" + digest);
  }

  void built(int release, String version, String greeting) {
    repo.file("built", release, "package.json", """
        {"packagingVersion": "3.0", "name": "built", "version": "%s", "maintainer": "t@example.com",
         "description": "built from its Containerfile", "tags": ["test"]}""".formatted(version));
    repo.file("built", release, "zeta.json", """
        {"zetaVersion": "1", "images": {"app": {"build": {"containerfile": "docker/Containerfile", "context": "docker"}}}}""");
    repo.file("built", release, "docker/Containerfile", "FROM docker.io/library/busybox:1.36\nCOPY greeting.txt /greeting.txt\n");
    repo.file("built", release, "docker/greeting.txt", greeting);
    repo.file("built", release, "marathon.json.mustache", """
        {"id": "app", "cmd": "cat /greeting.txt", "cpus": 0.1, "mem": 32, "instances": 1}""");
  }

  @Test
  void aNewVersionWithTheSameBuildInputsReusesTheImageAndAChangedFileBuildsAgain() {
    int port = startRegistry();
    built(0, "3.0.0", "one\n");
    built(1, "3.0.1", "one\n");
    built(2, "3.0.2", "two\n");
    cli.ok("package", "stage", "built@3.0.0", "--image-mirror", mirror());
    String first = stageJson("built", "3.0.0").path("stagedImages").get(0).path("digest").asText();
    assertThat(stageJson("built", "3.0.0").path("stagedImages").get(0).path("copied").asBoolean()).isTrue();

    Cli.Result same = cli.ok("package", "stage", "built@3.0.1", "--image-mirror", mirror());
    assertThat(same.err()).as("no second build").contains("already in the registry");
    JsonNode reused = stageJson("built", "3.0.1").path("stagedImages").get(0);
    assertThat(reused.path("digest").asText()).isEqualTo(first);
    assertThat(reused.path("copied").asBoolean()).isFalse();
    assertThat(cluster(port).digest("built/app", "3.0.1")).as("the version's tag").isEqualTo(first);

    Cli.Result changed = cli.ok("package", "stage", "built@3.0.2", "--image-mirror", mirror());
    assertThat(changed.err()).doesNotContain("already in the registry");
    String other = stageJson("built", "3.0.2").path("stagedImages").get(0).path("digest").asText();
    assertThat(other).startsWith("sha256:").isNotEqualTo(first);
    assertThat(cluster(port).digest("built/app", "3.0.2")).isEqualTo(other);

    cli.ok("package", "unstage", "built@3.0.0");
    assertThat(cluster(port).digest("built/app", first)).as("3.0.1 still pins it").isEqualTo(first);
    cli.ok("package", "unstage", "built@3.0.1");
    assertThat(cluster(port).digest("built/app", first)).as("and with it its inputs tag").isNull();
  }

  /** A build whose RUN step fails when it reaches the cluster registry on 127.0.0.1 (and passes when it cannot). */
  void prober(String name, int release, String version, int port, String network) {
    repo.file(name, release, "package.json", """
        {"packagingVersion": "3.0", "name": "%s", "version": "%s", "maintainer": "t@example.com",
         "description": "a build that looks for the host's services", "tags": ["test"]}""".formatted(name, version));
    repo.file(name, release, "zeta.json", """
        {"zetaVersion": "1", "images": {"app": {"build": {"containerfile": "Containerfile"%s}}}}"""
        .formatted(network == null ? "" : ", \"network\": \"" + network + "\""));
    repo.file(name, release, "Containerfile", "FROM docker.io/library/busybox:1.36\n"
        + "RUN if printf 'GET /v2/ HTTP/1.0\\r\\n\\r\\n' | nc -w 3 127.0.0.1 " + port + " | grep -q HTTP; then echo reached; exit 7; fi\n");
    repo.file(name, release, "marathon.json.mustache", """
        {"id": "app", "cmd": "sleep 1", "cpus": 0.1, "mem": 32, "instances": 1}""");
  }

  @Test
  void buildsRunWithoutANetworkUnlessThePackageAsksAndTheStageGrantsIt() {
    int port = startRegistry();
    prober("offline", 0, "1.0.0", port, null);
    cli.ok("package", "stage", "offline", "--image-mirror", mirror());
    assertThat(cluster(port).digest("offline/app", "1.0.0")).as("the RUN step could not reach 127.0.0.1").isNotNull();

    prober("online", 0, "1.0.0", port, "host");
    refused("its build asks for the host's network", "package", "stage", "online", "--image-mirror", mirror());
    refused("the build failed", "package", "stage", "online", "--allow-build-network", "--image-mirror", mirror());
    assertThat(cli.run("package", "stage", "online", "--allow-build-network", "--image-mirror", mirror()).err())
        .as("it failed because its RUN step reached the registry").contains("exit status 7");
  }

  /** Everything of the cluster but the audit log (the refused command's line) and the registry's blobs. */
  Map<String, String> tree() {
    Predicate<String> include = p -> !p.equals("/zeta/kstore/audit/audit.log");
    return Trees.snapshot(root, include);
  }

  void refused(String expected, String... args) {
    Map<String, String> before = tree();
    Cli.Result r = cli.run(args);
    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains(expected).doesNotContain("\tat ");
    assertThat(r.err().strip().lines().count()).as(r.err()).isLessThanOrEqualTo(2);
    assertThat(tree()).as("nothing published").isEqualTo(before);
  }

  @Test
  void anImageThatCannotBeFoundFailsTheStageNamingItAndPublishesNothing() {
    startRegistry();
    boxy("ghost", 0, "1.0.0", "docker.io/library/nothere:1");
    refused("image boximage (docker.io/library/nothere:1)", "package", "stage", "ghost", "--image-mirror", mirror());
    assertThat(cli.run("package", "stage", "ghost", "--image-mirror", mirror()).err()).contains("manifest unknown");
  }

  @Test
  void aDigestMismatchFailsTheStageAndCopiesNothing() {
    int port = startRegistry();
    repo.file("pinned", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "pinned", "version": "1.0.0", "maintainer": "t@example.com",
         "description": "pins a digest", "tags": ["test"]}""");
    repo.file("pinned", 0, "zeta.json", """
        {"zetaVersion": "1", "images": {"box": {"from": "docker.io/library/busybox:1.36",
                            "digest": "sha256:%s"}}}""".formatted("0".repeat(64)));
    repo.file("pinned", 0, "marathon.json.mustache", """
        {"id": "box", "cmd": "sleep 1", "cpus": 0.1, "mem": 32, "instances": 1}""");
    refused("digest mismatch", "package", "stage", "pinned", "--image-mirror", mirror());
    assertThat(cluster(port).digest("pinned/box", busyboxDigest)).isNull();
  }

  @Test
  void aFailingBuildFailsTheStage() {
    startRegistry();
    repo.file("broken", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "broken", "version": "1.0.0", "maintainer": "t@example.com",
         "description": "a build that fails", "tags": ["test"]}""");
    repo.file("broken", 0, "zeta.json", """
        {"zetaVersion": "1", "images": {"app": {"build": {"containerfile": "Containerfile"}}}}""");
    repo.file("broken", 0, "Containerfile", "FROM docker.io/library/busybox:1.36\nRUN exit 3\n");
    repo.file("broken", 0, "marathon.json.mustache", """
        {"id": "app", "cmd": "sleep 1", "cpus": 0.1, "mem": 32, "instances": 1}""");
    refused("image app (build:Containerfile): the build failed", "package", "stage", "broken", "--image-mirror", mirror());
  }

  @Test
  void anUnreachableRegistryFailsTheStageNamingTheImage() throws Exception {
    int dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    cli.ok("cluster", "set", "--registry", "http://127.0.0.1:" + dead);
    refused("cannot stage image boximage", "package", "stage", "boxy", "--image-mirror", mirror());
    assertThat(cli.run("package", "stage", "boxy").err()).contains("does not answer");
  }

  @Test
  void aKilledRegistryIsReportedByDoctorAndTheNextStageStartsItAgain() throws Exception {
    int port = startRegistry();
    long pid = json(cli.ok("registry", "status", "-o", "json")).path("pid").asLong();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
    JsonNode status = json(cli.ok("registry", "status", "-o", "json"));
    assertThat(status.path("state").asText()).isEqualTo("stale");
    Cli.Result doctor = cli.run("cluster", "doctor");
    assertThat(doctor.out() + doctor.err()).contains("the embedded registry should run");
    Cli.Result staged = cli.ok("package", "stage", "boxy", "--image-mirror", mirror());
    assertThat(staged.err()).contains("started it again");
    assertThat(json(cli.ok("registry", "status", "-o", "json")).path("port").asInt()).as("same port").isEqualTo(port);
    assertThat(cluster(port).digest("boxy/boximage", "1.0.0")).isEqualTo(busyboxDigest);
    assertThat(cli.run("cluster", "doctor").out()).doesNotContain("the embedded registry should run");
  }

  @Test
  void withoutARegistryRunningStageKeepsTheImagesAsNamedAndSaysSo() {
    Cli.Result staged = cli.ok("package", "stage", "boxy");
    assertThat(staged.err()).contains("1 image(s) not copied").contains("zeta registry start");
    assertThat(stageJson("boxy", "1.0.0").path("stagedImages").size()).isZero();
    assertThat(json(cli.ok("registry", "status", "-o", "json")).path("state").asText()).isEqualTo("not-configured");
  }

  @Test
  void externalRegistrySettingsKeepThePasswordOwnerOnlyAndNeverPrintIt() throws Exception {
    Path pw = tmp.resolve("pw");
    Files.writeString(pw, "s3cret-registry-pw\n");
    Cli.Result set = cli.ok("cluster", "set", "--registry", upstream.url(), "--registry-user", "zeta",
        "--registry-password-file", pw.toString(), "-o", "json");
    assertThat(set.out() + set.err()).doesNotContain("s3cret-registry-pw");
    JsonNode reg = json(set).path("registry");
    assertThat(reg.path("kind").asText()).isEqualTo("external");
    assertThat(reg.path("registryUser").asText()).isEqualTo("zeta");
    Path secret = Path.of(root).resolve("zeta/kstore/secrets/registry-password");
    assertThat(Files.getPosixFilePermissions(secret)).containsExactlyInAnyOrder(
        java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(Trees.read(root, "/zeta/kstore/cluster.json")).doesNotContain("s3cret");
    assertThat(cli.run("registry", "start").err()).contains("external registry");
    refused("--registry ftp://x: not a registry URL", "cluster", "set", "--registry", "ftp://x");
    refused("--image-mirror docker.io: not REGISTRY=URL", "cluster", "set", "--image-mirror", "docker.io");
  }

  // --- kill -9 during a stage: of the registry, and of the stage itself ---

  /** Large enough that a copy between two local registries takes seconds: the kill lands inside it. */
  static final int BIG_MIB = 256;
  static String bigDigest;

  static synchronized String bigImage() {
    if (bigDigest == null) {
      bigDigest = upstream.pushLarge("library/big", "1", BIG_MIB);
    }
    return bigDigest;
  }

  /** The cluster tree but the registry's storage (blobs, uploads) and the audit log. */
  Map<String, String> treeButRegistry() {
    return Trees.snapshot(root, p -> !p.equals("/zeta/kstore/audit/audit.log") && !p.startsWith("/zeta/shared/registry/"));
  }

  Path registryStorage() {
    return Path.of(root).resolve("zeta/shared/registry");
  }

  /** Starts `package stage bigbox` in a JVM of its own and waits until the registry holds part of the big layer. */
  CliProcess.Running stageUntilMidCopy(Path javaTmp) throws Exception {
    bigImage();
    boxy("bigbox", 0, "1.0.0", "docker.io/library/big:1");
    Files.createDirectories(javaTmp);
    CliProcess.Running stage = new CliProcess(tmp).env("ZETA_HOME", cli.home().toString()).without("ZETA_CLUSTER")
        .jvm("-Djava.io.tmpdir=" + javaTmp).start("package", "stage", "bigbox", "--image-mirror", mirror());
    Await.until(Duration.ofMinutes(2), () -> {
      assertThat(stage.process().isAlive()).as("the stage still runs: %s", stage.err()).isTrue();
      long partial = PartialUploads.list(registryStorage()).stream().mapToLong(PartialUploads.Upload::bytes).max().orElse(0);
      assertThat(partial).as("bytes of the big layer the registry received").isGreaterThan(16L << 20);
      return partial;
    });
    return stage;
  }

  /** The manifest the cluster registry serves for the tag hashes to the digest stage.json pins. */
  void pinnedDigestVerifies(int port, String pkg, String name, String version) throws Exception {
    String pinned = stageJson(pkg, version).path("stagedImages").get(0).path("digest").asText();
    assertThat(pinned).isEqualTo(bigDigest);
    var http = java.net.http.HttpClient.newHttpClient();
    var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/" + pkg + "/" + name
        + "/manifests/" + ImageRef.tagOf(version))).header("Accept", RegistryClient.ACCEPT).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(r.body());
    assertThat("sha256:" + java.util.HexFormat.of().formatHex(sha)).isEqualTo(pinned);
  }

  @Test
  void aRegistryKilledDuringTheCopyFailsTheStageNamingBothAndTheNextStageRepairsAndFinishesIt() throws Exception {
    int port = startRegistry();
    long pid = json(cli.ok("registry", "status", "-o", "json")).path("pid").asLong();
    Map<String, String> before = treeButRegistry();
    CliProcess.Running stage = stageUntilMidCopy(tmp.resolve("jtmp"));
    ProcessHandle registry = ProcessHandle.of(pid).orElseThrow();
    registry.destroyForcibly();
    registry.onExit().join();

    CliProcess.Result failed = stage.await(180);
    assertThat(failed.exit()).as(failed.toString()).isNotZero();
    assertThat(failed.err()).contains("bigbox@1.0.0: cannot stage image boximage (docker.io/library/big:1)")
        .contains("the cluster registry at http://127.0.0.1:" + port + " stopped answering").doesNotContain("\tat ");
    assertThat(failed.err().strip().lines().count()).as(failed.err()).isLessThanOrEqualTo(2);
    assertThat(treeButRegistry()).as("nothing published, no lock, no leftover").isEqualTo(before);
    assertThat(Files.exists(Path.of(root).resolve("zeta/shared/bigbox"))).isFalse();
    assertThat(PartialUploads.list(registryStorage())).as("the killed registry's unfinished upload").isNotEmpty();

    Cli.Result doctor = cli.run("cluster", "doctor");
    assertThat(doctor.exit()).isNotZero();
    assertThat(doctor.out()).contains("the embedded registry should run").contains("partial upload")
        .contains("bigbox/boximage");

    Cli.Result again = cli.ok("package", "stage", "bigbox", "--image-mirror", mirror());
    assertThat(again.err()).contains("started it again").contains("removed 1 partial upload");
    assertThat(json(cli.ok("registry", "status", "-o", "json")).path("port").asInt()).as("same port").isEqualTo(port);
    pinnedDigestVerifies(port, "bigbox", "boximage", "1.0.0");
    assertThat(PartialUploads.list(registryStorage())).isEmpty();
    assertThat(cli.ok("cluster", "doctor").out()).contains("The cluster is healthy.");
  }

  @Test
  void aStageKilledDuringTheCopyLeavesWhatDoctorRepairsAndTheNextStageSucceeds() throws Exception {
    int port = startRegistry();
    Map<String, String> before = treeButRegistry();
    Path javaTmp = tmp.resolve("jtmp");
    CliProcess.Running stage = stageUntilMidCopy(javaTmp);
    List<ProcessHandle> tools = stage.process().descendants().toList();
    assertThat(tools).as("skopeo copies").anyMatch(h -> h.info().command().orElse("").endsWith("skopeo"));
    stage.process().destroyForcibly();
    stage.process().waitFor();
    Await.until(Duration.ofSeconds(10), () -> assertThat(tools).as("the tools die with the stage").noneMatch(ProcessHandle::isAlive));
    try (var work = Files.list(javaTmp)) {
      assertThat(work.map(w -> w.getFileName().toString()).toList()).as("the tools' work directory").anyMatch(n -> n.startsWith("zeta-images-"));
    }
    assertThat(Files.exists(Path.of(root).resolve("zeta/shared/bigbox/stage/1.0.0"))).isFalse();

    Cli.Result doctor = cli.run("cluster", "doctor");
    assertThat(doctor.exit()).isNotZero();
    assertThat(doctor.out()).contains("interrupted stage (stage@bigbox@1.0.0").contains("leftover of an interrupted operation")
        .contains("partial upload").doesNotContain("the embedded registry should run");
    Cli.Result repaired = cli.ok("cluster", "doctor", "--repair");
    assertThat(repaired.out()).contains("repaired: interrupted stage").contains("repaired: 1 partial upload");
    assertThat(treeButRegistry()).as("back to the tree before the stage").isEqualTo(before);
    try (var work = Files.list(javaTmp)) {
      assertThat(work.toList()).as("the work directory is removed").isEmpty();
    }
    assertThat(PartialUploads.list(registryStorage())).isEmpty();
    assertThat(cli.ok("cluster", "doctor").out()).contains("The cluster is healthy.");

    cli.ok("package", "stage", "bigbox", "--image-mirror", mirror());
    pinnedDigestVerifies(port, "bigbox", "boximage", "1.0.0");
  }
}
