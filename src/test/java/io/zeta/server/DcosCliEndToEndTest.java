package io.zeta.server;

import static io.zeta.server.CosmosWire.error;
import static io.zeta.server.CosmosWire.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.zeta.catalog.RepositoryRef;
import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.identity.ServerIdentity;
import io.zeta.json.Json;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.lifecycle.ArtifactFetcher;
import io.zeta.render.StorageEnvelope;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.testing.Cli;
import io.zeta.testing.Slapd;
import io.zeta.testing.TestAgents;
import io.zeta.testing.Trees;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 13's "Done when": {@code zeta serve} driven with the HTTP requests the DC/OS CLI 0.6.1
 * sends (cosmos-wire.md: its headers, media types and bodies, in its order, command by command),
 * on a {@code file:} cluster with a real slapd (alice a member of prod and a packager, bob of dev
 * only) and a real embedded agent: login, {@code package repo list}, {@code search},
 * {@code describe} (v3, then v2), {@code describe --config}, {@code describe --app --render},
 * {@code describe --package-versions}, {@code install --app-id /prod/web1 --options F} (hello,
 * staged by the install, started, its task running as prod's service user), {@code list},
 * {@code marathon app list}, {@code marathon app show}, {@code marathon task list} through
 * {@code /service/marathon}, {@code uninstall}. Every Cosmos answer is checked against Cosmos's
 * schema and, where the CLI has a golden for it, against the golden. bob's install into
 * {@code /prod/...}, his Marathon calls on {@code /prod/...} and his uninstall get 403 in Cosmos's
 * error shape and change nothing; his lists show nothing of prod; the audit log names who did what.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DcosCliEndToEndTest {
  static final String LOCAL = "e2e-local-admin-token-0123456789";
  static final String ALICE_PW = "alice-e2e-pw-8812";
  static final String BOB_PW = "bob-e2e-pw-2291";
  static final long PROD_UID = 5_000_000;
  static final long DEV_UID = 5_100_000;
  static final String OPTIONS = "{\"greeting\": \"Hello from the DC/OS CLI\"}";

  Path tmp;
  Slapd slapd;
  EmbeddedScheduler agent;
  Cluster cluster;
  CosmosServer server;
  URI base;
  URI root;
  String alice;
  String bob;
  final List<String[]> cleanup = new ArrayList<>();

  static int run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  @BeforeAll
  void start() throws Exception {
    assumeTrue(Slapd.available(), "no /usr/sbin/slapd on this machine (apt-get install slapd)");
    assumeTrue(System.getProperty("user.name").equals("root") && Files.isExecutable(Path.of("/usr/sbin/useradd")),
        "needs root and useradd: the agent runs prod's tasks as its service user zetasvcprod");
    tmp = Files.createTempDirectory("zeta-dcos-e2e");
    // prod's service user, with the directory's numbers (NSS would give them on a real node).
    List<String> bases = List.of("apps", "data", "etl", "zeta");
    for (int i = 0; i < bases.size(); i++) {
      String group = "zetaprod" + bases.get(i);
      // RoleAccessScenarios makes the same local accounts: on a shared machine, wait for another run of it to end.
      long until = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (run("getent", "group", group) == 0 && System.nanoTime() < until) {
        Thread.sleep(1000);
      }
      assumeTrue(run("getent", "group", group) != 0, "a local group " + group + " exists already (another test runs?)");
      assertThat(run("groupadd", "-g", String.valueOf(PROD_UID + 500_000 + i), group)).isZero();
      cleanup.add(new String[] {"groupdel", group});
    }
    assertThat(run("useradd", "-M", "-u", String.valueOf(PROD_UID), "-g", "zetaprodapps", "-G",
        "zetaproddata,zetaprodetl,zetaprodzeta", "zetasvcprod")).isZero();
    cleanup.add(0, new String[] {"userdel", "zetasvcprod"});
    for (Path p = tmp; p != null && p.startsWith("/tmp") && !p.equals(Path.of("/tmp")); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
    }

    slapd = Slapd.start(tmp.resolve("slapd"));
    agent = EmbeddedScheduler.start(AgentConfig.defaults(tmp.resolve("agent")).withResources(TestAgents.AMPLE)
        .withKillGracePeriod(Duration.ofSeconds(1)));
    root = tmp.resolve("cluster").toUri();
    Cli cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    Path pw = slapd.passwordFile(tmp.resolve("bind.pw"));
    cli.ok("cluster", "init", "--root", root.toString(), "--scheduler", agent.url().toString(), "--ldap", slapd.url(),
        "--ldap-base", Slapd.BASE, "--bind-dn", Slapd.ROOT_DN, "--bind-password-file", pw.toString(),
        "--packagers-group", "zetapackagers");
    cli.ok("role", "add", "prod", "--uid-start", String.valueOf(PROD_UID));
    cli.ok("role", "add", "dev", "--uid-start", String.valueOf(DEV_UID));
    cli.ok("user", "add", "alice", "--role", "prod");
    cli.ok("user", "add", "bob", "--role", "dev");
    slapd.add("dn: cn=zetapackagers,ou=groups," + Slapd.BASE, "objectClass: posixGroup", "cn: zetapackagers",
        "gidNumber: 5900000", "memberUid: alice");
    try (LDAPConnection c = slapd.connect()) {
      c.modify("uid=alice,ou=people," + Slapd.BASE, new Modification(ModificationType.REPLACE, "userPassword", ALICE_PW));
      c.modify("uid=bob,ou=people," + Slapd.BASE, new Modification(ModificationType.REPLACE, "userPassword", BOB_PW));
    }
    // The repositories: the CLI goldens' helloworld (describe's package, as a Universe index) and Zeta's packages.
    ObjectNode index = Json.object();
    index.putArray("packages").add(CosmosServerTest.withoutEmptyObjects(
        CosmosServerTest.golden("test_describe_helloworld.json").get("package")));
    Path indexFile = tmp.resolve("helloworld-repo.json");
    Files.write(indexFile, Json.prettyBytes(index));

    cluster = Cluster.open(root);
    cluster.repositories().add(new RepositoryRef("helloworld-universe", indexFile.toUri().toString()), null);
    cluster.repositories().add(new RepositoryRef("zeta", Path.of("packages").toAbsolutePath().toUri().toString()), null);
    ServerIdentity identity = ServerIdentity.of(cluster, "0");
    cluster.closing(identity);
    Authentication auth = Authentication.forCluster(LOCAL, identity, Authentication.signingKey(cluster.storage()),
        ServedCluster.of(cluster.name(), cluster.config().root()).id(), Duration.ofHours(1));
    ServedInstances instances = new ServedInstances(cluster, r -> auth.of(r).access(),
        () -> AppRuntime.of(TestAgents.client(agent)), c -> new ArtifactFetcher(new Configuration()));
    server = CosmosServer.start(HttpServerConfig.loopback(0).withToken(LOCAL).withRealm("zeta-serve"),
        new Packages(cluster.repositories(), tmp.resolve("cache"), Duration.ofMinutes(1)), tmp.resolve("cache"),
        ServedCluster.of(cluster.name(), cluster.config().root()), Optional.of(cluster.audit()), auth,
        ServerAudit.of(Optional.of(cluster)),
        Optional.of(() -> new MarathonProxy.Target(agent.url(), agent.token())), Optional.of(instances), RequestLog.NONE);
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (agent != null) {
      agent.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (slapd != null) {
      slapd.close();
    }
    for (String[] c : cleanup) {
      run(c);
    }
    if (tmp != null) {
      run("rm", "-rf", tmp.toString());
    }
  }

  // ---- the CLI's requests

  CosmosWire as(String token) {
    return new CosmosWire(base, token);
  }

  /** What every package command does first: {@code GET /capabilities} (it stops without PACKAGE_MANAGEMENT). */
  void preamble(String token) throws Exception {
    HttpResponse<String> m = as(token).get("/metadata", "application/json");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(Json.parse(m.body(), "metadata").get("CLUSTER_ID").asText()).isNotBlank();
    HttpResponse<String> c = as(token).get("/capabilities",
        "application/vnd.dcos.capabilities+json;charset=utf-8;version=v1");
    JsonNode caps = okGet(c, "application/vnd.dcos.capabilities+json;charset=utf-8;version=v1",
        "v1/model/CapabilitiesResponse-schema.json");
    assertThat(caps.get("capabilities").findValuesAsText("name")).contains("PACKAGE_MANAGEMENT");
  }

  static JsonNode okGet(HttpResponse<String> r, String type, String schema) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).contains(type);
    JsonNode body = Json.parse(r.body(), "response");
    CosmosWire.assertValid(body, schema);
    return body;
  }

  /** {@code PackageManager.get_package_version}: describe, v3 first, v2 after a 400 (not needed here: v3 is served). */
  JsonNode describe(String token, String body) throws Exception {
    JsonNode v3 = ok(as(token).rpc("describe", body, "v3"), "describe", "v3", "v3/model/DescribeResponse-schema.json");
    return v3.get("package");
  }

  HttpResponse<String> marathon(String token, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/service/marathon" + path))
        .header("Accept", "application/json").header("Authorization", "token=" + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return CosmosWire.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> login(String uid, String password) throws Exception {
    return CosmosWire.HTTP.send(HttpRequest.newBuilder(base.resolve("/acs/api/v1/auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.compact(Json.object().put("uid", uid).put("password", password))))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  List<AuditLog.Entry> audit() throws IOException {
    return cluster.audit().read();
  }

  // ---- the commands

  @Test
  @Order(1)
  void authLoginAsTheCliDoesIt() throws Exception {
    // Without credentials the CLI reads the challenge of core.dcos_url.
    HttpResponse<String> challenge = CosmosWire.HTTP.send(HttpRequest.newBuilder(base.resolve("/")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(challenge.statusCode()).isEqualTo(401);
    assertThat(challenge.headers().firstValue("WWW-Authenticate")).hasValue("acsjwt");
    HttpResponse<String> wrong = login("alice", "not-her-password");
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> a = login("alice", ALICE_PW);
    assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
    alice = Json.parse(a.body(), "login").get("token").asText();
    HttpResponse<String> b = login("bob", BOB_PW);
    assertThat(b.statusCode()).as(b.body()).isEqualTo(200);
    bob = Json.parse(b.body(), "login").get("token").asText();
    assertThat(alice).isNotEqualTo(bob);
  }

  @Test
  @Order(2)
  void packageRepoList() throws Exception {
    preamble(alice);
    JsonNode list = ok(as(alice).rpc("repository/list", "{}", "v1"), "repository/list", "v1",
        "v1/model/PackageRepositoryListResponse-schema.json");
    assertThat(list.get("repositories").findValuesAsText("name")).containsExactly("helloworld-universe", "zeta");
    // The golden's shape: {repositories: [{name, uri}]} with http(s) URIs (local repositories through the resource proxy).
    JsonNode golden = CosmosServerTest.golden("test_repo_list.json");
    assertThat(fieldNames(list)).isEqualTo(fieldNames(golden));
    for (JsonNode r : list.get("repositories")) {
      assertThat(fieldNames(r)).isEqualTo(fieldNames(golden.get("repositories").get(0)));
      assertThat(r.get("uri").asText()).startsWith(base + "/package/resource?url=file");
    }
  }

  @Test
  @Order(3)
  void packageSearch() throws Exception {
    preamble(alice);
    JsonNode all = ok(as(alice).rpc("search", "{\"query\": \"\"}", "v1"), "search", "v1",
        "v1/model/SearchResponse-schema.json");
    assertThat(all.get("packages").findValuesAsText("name")).contains("hello", "helloworld", "kv");
    JsonNode hello = ok(as(alice).rpc("search", "{\"query\": \"hello\"}", "v1"), "search", "v1",
        "v1/model/SearchResponse-schema.json");
    assertThat(hello.get("packages").findValuesAsText("name")).containsExactlyInAnyOrder("hello", "helloworld");
  }

  @Test
  @Order(4)
  void packageDescribeV3ThenV2ConfigRenderAndVersions() throws Exception {
    preamble(alice);
    JsonNode golden = CosmosServerTest.golden("test_describe_helloworld.json").get("package");
    // dcos package describe helloworld: v3 (the CLI prints the whole answer).
    JsonNode v3 = describe(alice, "{\"packageName\": \"helloworld\"}");
    assertThat(CosmosServerTest.withoutEmptyObjects(v3)).isEqualTo(CosmosServerTest.withoutEmptyObjects(golden));
    // A CLI whose v3 request got a 400 asks for v2: the flattened definition.
    JsonNode v2 = ok(as(alice).rpc("describe", "{\"packageName\": \"helloworld\"}", "v2"), "describe", "v2",
        "v2/model/DescribeResponse-schema.json");
    assertThat(CosmosServerTest.withoutEmptyObjects(v2)).isEqualTo(CosmosServerTest.withoutEmptyObjects(golden));
    error(as(alice).rpc("describe", "{\"packageName\": \"helloworld\"}", "v1"), 400, "IncompatibleAcceptHeader");
    // describe --config: the config of the describe answer.
    assertThat(describe(alice, "{\"packageName\": \"helloworld\"}").get("config"))
        .isEqualTo(CosmosServerTest.golden("test_describe_helloworld_config.json"));
    // describe --app --render: describe, then render with the version it answered (no options given, none sent).
    JsonNode pkg = describe(alice, "{\"packageName\": \"helloworld\"}");
    JsonNode rendered = ok(as(alice).rpc("render", "{\"packageName\": \"helloworld\", \"packageVersion\": \""
        + pkg.get("version").asText() + "\"}", "v1"), "render", "v1", "v1/model/RenderResponse-schema.json")
        .get("marathonJson");
    ObjectNode app = CosmosServerTest.golden("test_describe_helloworld_app_render.json");
    assertThat(io.zeta.testing.JsonTrees.same(io.zeta.testing.JsonTrees.without((ObjectNode) rendered, "labels"),
        io.zeta.testing.JsonTrees.without(app, "labels"))).as("%s", rendered).isTrue();
    for (String label : List.of("DCOS_PACKAGE_NAME", "DCOS_PACKAGE_VERSION", "DCOS_PACKAGE_OPTIONS")) {
      assertThat(rendered.at("/labels/" + label)).as(label).isEqualTo(app.at("/labels/" + label));
    }
    JsonNode definition = StorageEnvelope.decode(Json.parse(CosmosServerTest.decode(
        rendered.at("/labels/DCOS_PACKAGE_DEFINITION").asText()), "label"));
    for (String field : List.of("name", "version", "config", "marathon", "releaseVersion")) {
      assertThat(definition.get(field)).as(field).isEqualTo(golden.get(field));
    }
    // describe --app --render --options F: render with the options file's values.
    JsonNode withOptions = ok(as(alice).rpc("render", "{\"packageName\": \"helloworld\", \"packageVersion\": \""
        + pkg.get("version").asText() + "\", \"options\": {\"name\": \"hallo\", \"port\": 80}}", "v1"), "render", "v1",
        "v1/model/RenderResponse-schema.json").get("marathonJson");
    ObjectNode appOptions = CosmosServerTest.golden("test_describe_app_options.json");
    assertThat(io.zeta.testing.JsonTrees.same(io.zeta.testing.JsonTrees.without((ObjectNode) withOptions, "labels"),
        io.zeta.testing.JsonTrees.without(appOptions, "labels"))).as("%s", withOptions).isTrue();
    assertThat(withOptions.at("/labels/DCOS_PACKAGE_OPTIONS")).isEqualTo(appOptions.at("/labels/DCOS_PACKAGE_OPTIONS"));
    // describe --package-versions: describe, then list-versions; the CLI prints the versions by release, newest first.
    JsonNode versions = ok(as(alice).rpc("list-versions", "{\"packageName\": \"helloworld\", "
        + "\"includePackageVersions\": true}", "v1"), "list-versions", "v1", "v1/model/ListVersionsResponse-schema.json");
    assertThat(Json.tree(fieldNames(versions.get("results"))))
        .isEqualTo(Json.parse(CosmosServerTest.read("test_describe_helloworld_versions.json"), "golden"));
  }

  /**
   * dcos package install hello --app-id /prod/web2 --options F, as bob (a member of dev only): the
   * CLI describes, renders (options checked), then installs; the install is refused with Cosmos's
   * 403 and nothing changes but the audit line naming bob.
   */
  @Test
  @Order(5)
  void theOutsidersInstallIntoProdIsForbidden() throws Exception {
    preamble(bob);
    Map<String, String> before = Trees.withoutAudit(root);
    JsonNode pkg = describe(bob, "{\"packageName\": \"hello\"}");
    ok(as(bob).rpc("render", "{\"packageName\": \"hello\", \"packageVersion\": \"" + pkg.get("version").asText()
        + "\", \"options\": " + OPTIONS + "}", "v1"), "render", "v1", "v1/model/RenderResponse-schema.json");
    ObjectNode refused = error(as(bob).rpc("install", "{\"packageName\": \"hello\", \"packageVersion\": \"1.0.0\", "
        + "\"options\": " + OPTIONS + ", \"appId\": \"/prod/web2\"}", "v2"), 403, "Forbidden");
    assertThat(refused.get("message").asText()).contains("bob may not install in role prod");
    assertThat(refused.at("/data/role").asText()).isEqualTo("prod");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
    AuditLog.Entry last = audit().get(audit().size() - 1);
    assertThat(last.who()).isEqualTo("bob");
    assertThat(last.action()).isEqualTo("serve: package install");
    assertThat(last.target()).isEqualTo("prod/web2");
    assertThat(last.result()).startsWith("denied: ");
  }

  /** dcos package install hello --app-id /prod/web1 --options F, as alice: staged, installed, started. */
  @Test
  @Order(6)
  void theMembersInstallStagesInstallsAndStarts() throws Exception {
    preamble(alice);
    Path stage = Path.of(root).resolve("zeta/shared/hello/stage/1.0.0/stage.json");
    assertThat(stage).doesNotExist();
    JsonNode pkg = describe(alice, "{\"packageName\": \"hello\"}");
    String version = pkg.get("version").asText();
    ok(as(alice).rpc("render", "{\"packageName\": \"hello\", \"packageVersion\": \"" + version + "\", \"options\": "
        + OPTIONS + "}", "v1"), "render", "v1", "v1/model/RenderResponse-schema.json");
    JsonNode installed = ok(as(alice).rpc("install", "{\"packageName\": \"hello\", \"packageVersion\": \"" + version
        + "\", \"options\": " + OPTIONS + ", \"appId\": \"/prod/web1\"}", "v2"), "install", "v2",
        "v2/model/InstallResponse-schema.json");
    assertThat(installed.get("appId").asText()).isEqualTo("/prod/web1");
    assertThat(installed.get("packageVersion").asText()).isEqualTo(version);
    // The install staged the version first, as alice (a packager).
    assertThat(Json.parse(Files.readString(stage), "stage").get("stagedBy").asText()).startsWith("alice via ");
    // Installing it again is the CLI's "already installed" (409, its message printed).
    error(as(alice).rpc("install", "{\"packageName\": \"hello\", \"packageVersion\": \"" + version + "\", "
        + "\"appId\": \"/prod/web1\"}", "v2"), 409, "PackageAlreadyInstalled");
    // Its task runs as prod's service user; the page carries the option.
    JsonNode app = awaitRunning(alice, "/prod/web1");
    assertThat(app.path("user").asText()).isEqualTo("zetasvcprod");
    assertThat(Files.readString(Path.of(root).resolve("apps/prod/hello/web1/conf/index.html")))
        .contains("Hello from the DC/OS CLI");
    JsonNode record = Json.parse(Files.readString(Path.of(root).resolve("apps/prod/hello/web1/instance.json")), "r");
    assertThat(record.get("installedBy").asText()).startsWith("alice via ");
    AuditLog.Entry install = audit().stream().filter(e -> "serve: package install".equals(e.action())
        && "prod/web1".equals(e.target()) && "ok".equals(e.result())).findFirst().orElseThrow();
    assertThat(install.who()).isEqualTo("alice");
  }

  JsonNode awaitRunning(String token, String appId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      HttpResponse<String> r = marathon(token, "GET", "/v2/apps" + appId, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode app = Json.parse(r.body(), "app").get("app");
      if (app.path("tasksRunning").asInt() >= 1 && app.path("tasksHealthy").asInt() >= 1) {
        return app;
      }
      assertThat(System.nanoTime()).as("%s never ran: %s", appId, r.body()).isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  /** dcos package list: alice sees her instance; bob nothing of prod. */
  @Test
  @Order(7)
  void packageList() throws Exception {
    preamble(alice);
    JsonNode list = ok(as(alice).rpc("list", "{}", "v1"), "list", "v1", "v1/model/ListResponse-schema.json");
    assertThat(list.get("packages").findValuesAsText("appId")).containsExactly("/prod/web1");
    JsonNode def = list.at("/packages/0/packageInformation/packageDefinition");
    assertThat(def.get("name").asText()).isEqualTo("hello");
    // The CLI's table row (installed_packages): the definition with "apps"; the golden's keys, less those the
    // CLI adds from a locally installed subcommand (command, config, marathon, releaseVersion) and hello lacks.
    ObjectNode row = ((ObjectNode) def).deepCopy();
    row.set("apps", Json.tree(List.of("/prod/web1")));
    JsonNode golden = Json.parse(CosmosServerTest.read("test_list_helloworld.json"), "golden").get(0);
    Set<String> allowed = new TreeSet<>(fieldNames(golden));
    allowed.add("licenses");
    assertThat(fieldNames(row)).isSubsetOf(allowed).contains("apps", "name", "version", "description", "maintainer",
        "packagingVersion", "tags", "selected");
    // The Go client's golden list answer (jenkins) has Cosmos's shape too: the same keys at each level.
    JsonNode goGolden = Json.parse(CosmosServerTest.read("vnd.dcos.package.list-response.json"), "golden");
    CosmosWire.assertValid(goGolden, "v1/model/ListResponse-schema.json");
    assertThat(fieldNames(list.get("packages").get(0))).isEqualTo(fieldNames(goGolden.get("packages").get(0)));
    assertThat(fieldNames(list.at("/packages/0/packageInformation")))
        .isSubsetOf(fieldNames(goGolden.at("/packages/0/packageInformation")));
    JsonNode byApp = ok(as(alice).rpc("list", "{\"appId\": \"/prod/web1\"}", "v1"), "list", "v1",
        "v1/model/ListResponse-schema.json");
    assertThat(byApp.get("packages")).hasSize(1);
    preamble(bob);
    JsonNode bobs = ok(as(bob).rpc("list", "{}", "v1"), "list", "v1", "v1/model/ListResponse-schema.json");
    assertThat(bobs.get("packages")).isEmpty();
    JsonNode bobsByApp = ok(as(bob).rpc("list", "{\"appId\": \"/prod/web1\"}", "v1"), "list", "v1",
        "v1/model/ListResponse-schema.json");
    assertThat(bobsByApp.get("packages")).isEmpty();
  }

  /** dcos marathon app list, app show /prod/web1, task list: through /service/marathon with each one's rights. */
  @Test
  @Order(8)
  void marathonAppListShowAndTaskList() throws Exception {
    HttpResponse<String> apps = marathon(alice, "GET", "/v2/apps", null);
    assertThat(apps.statusCode()).isEqualTo(200);
    assertThat(Json.parse(apps.body(), "apps").get("apps").findValuesAsText("id")).contains("/prod/web1");
    HttpResponse<String> show = marathon(alice, "GET", "/v2/apps/prod/web1", null);
    assertThat(show.statusCode()).isEqualTo(200);
    assertThat(Json.parse(show.body(), "app").at("/app/labels/DCOS_PACKAGE_NAME").asText()).isEqualTo("hello");
    HttpResponse<String> tasks = marathon(alice, "GET", "/v2/tasks", null);
    assertThat(tasks.statusCode()).isEqualTo(200);
    assertThat(Json.parse(tasks.body(), "tasks").get("tasks").findValuesAsText("appId")).contains("/prod/web1");

    HttpResponse<String> bobsApps = marathon(bob, "GET", "/v2/apps", null);
    assertThat(bobsApps.statusCode()).isEqualTo(200);
    assertThat(Json.parse(bobsApps.body(), "apps").get("apps").findValuesAsText("id")).noneMatch(i -> i.startsWith("/prod/"));
    HttpResponse<String> bobsTasks = marathon(bob, "GET", "/v2/tasks", null);
    assertThat(Json.parse(bobsTasks.body(), "tasks").get("tasks").findValuesAsText("appId"))
        .noneMatch(i -> i.startsWith("/prod/"));
    for (String path : List.of("/v2/apps/prod/web1", "/v2/apps/prod/web1/tasks")) {
      ObjectNode refused = error(marathon(bob, "GET", path, null), 403, "Forbidden");
      assertThat(refused.get("message").asText()).contains("bob");
    }
    Map<String, String> before = Trees.withoutAudit(root);
    error(marathon(bob, "PUT", "/v2/apps/prod/web1", "{\"instances\": 0}"), 403, "Forbidden");
    error(marathon(bob, "DELETE", "/v2/apps/prod/web1", null), 403, "Forbidden");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
    assertThat(awaitRunning(alice, "/prod/web1").path("instances").asInt()).isEqualTo(1);
  }

  /** Zeta's own API shows each principal its roles only. */
  @Test
  @Order(9)
  void zetaApiShowsEachPrincipalItsRoles() throws Exception {
    JsonNode alices = Json.parse(as(alice).get("/zeta/v1/instances", "application/json").body(), "instances");
    assertThat(alices.get("instances").findValuesAsText("id")).containsExactly("web1");
    assertThat(alices.at("/instances/0/state").asText()).isEqualTo("running");
    JsonNode bobs = Json.parse(as(bob).get("/zeta/v1/instances", "application/json").body(), "instances");
    assertThat(bobs.get("instances")).isEmpty();
    error(as(bob).get("/zeta/v1/instances/prod/web1", "application/json"), 403, "Forbidden");
    JsonNode bobsRoles = Json.parse(as(bob).get("/zeta/v1/roles", "application/json").body(), "roles");
    assertThat(bobsRoles.get("roles").findValuesAsText("role")).containsExactly("dev");
    // bob's audit: his own lines (the refusals), nothing else of prod.
    JsonNode bobsAudit = Json.parse(as(bob).get("/zeta/v1/audit", "application/json").body(), "audit");
    for (JsonNode e : bobsAudit.get("entries")) {
      assertThat(e.get("principal").asText().equals("bob") || !"prod".equals(e.path("role").asText()))
          .as("%s", e).isTrue();
    }
    assertThat(bobsAudit.get("entries").findValuesAsText("principal")).contains("bob").doesNotContain("alice");
    error(as(bob).get("/zeta/v1/audit?role=prod", "application/json"), 403, "Forbidden");
    JsonNode alicesAudit = Json.parse(as(alice).get("/zeta/v1/audit?role=prod", "application/json").body(), "audit");
    assertThat(alicesAudit.get("entries").findValuesAsText("principal")).contains("alice", "bob");
  }

  /** dcos package uninstall hello --app-id /prod/web1: the CLI lists, then uninstalls. bob first, refused. */
  @Test
  @Order(10)
  void packageUninstall() throws Exception {
    preamble(bob);
    ok(as(bob).rpc("list", "{\"packageName\": \"hello\", \"appId\": \"/prod/web1\"}", "v1"), "list", "v1",
        "v1/model/ListResponse-schema.json");
    Map<String, String> before = Trees.withoutAudit(root);
    error(as(bob).rpc("uninstall", "{\"packageName\": \"hello\", \"appId\": \"/prod/web1\"}", "v1"), 403,
        "Forbidden");
    // Without an app id bob sees no instance of hello: not installed, for him.
    error(as(bob).rpc("uninstall", "{\"packageName\": \"hello\"}", "v1"), 400, "PackageNotInstalled");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();

    preamble(alice);
    JsonNode listed = ok(as(alice).rpc("list", "{\"packageName\": \"hello\", \"appId\": \"/prod/web1\"}", "v1"),
        "list", "v1", "v1/model/ListResponse-schema.json");
    assertThat(listed.get("packages")).hasSize(1);
    JsonNode done = ok(as(alice).rpc("uninstall", "{\"packageName\": \"hello\", \"appId\": \"/prod/web1\"}", "v1"),
        "uninstall", "v1", "v1/model/UninstallResponse-schema.json");
    assertThat(done.toString()).isEqualTo("{\"results\":[{\"packageName\":\"hello\",\"appId\":\"/prod/web1\","
        + "\"packageVersion\":\"1.0.0\"}]}");
    assertThat(marathon(alice, "GET", "/v2/apps/prod/web1", null).statusCode()).isEqualTo(404);
    JsonNode after = ok(as(alice).rpc("list", "{}", "v1"), "list", "v1", "v1/model/ListResponse-schema.json");
    assertThat(after.get("packages")).isEmpty();
    // Data kept: the logs directory (persistent) is still there, instance.json says removed.
    assertThat(Files.isDirectory(Path.of(root).resolve("apps/prod/hello/web1/logs"))).isTrue();
    List<AuditLog.Entry> entries = audit();
    assertThat(entries).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("serve: package uninstall");
      assertThat(e.who()).isEqualTo("alice");
      assertThat(e.result()).isEqualTo("ok");
    });
    assertThat(entries).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("serve: package uninstall");
      assertThat(e.who()).isEqualTo("bob");
      assertThat(e.result()).startsWith("denied: ");
    });
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
