package io.zeta.server;

import static io.zeta.server.CosmosWire.error;
import static io.zeta.server.CosmosWire.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.json.Json;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.lifecycle.ArtifactFetcher;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.testing.Cli;
import io.zeta.testing.TestAgents;
import io.zeta.testing.Trees;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Cosmos's write and list endpoints on a real {@code file:} cluster with the embedded agent
 * (in this JVM, over real HTTP): install stages, installs and starts hello as instance
 * {@code /team1/web1}; list, service describe and update, uninstall; Cosmos's error types for bad
 * requests, each changing nothing but the audit line. Every answer validated against Cosmos's
 * schemas. Authorization by two principals is in {@code DcosCliEndToEndTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CosmosInstanceApiTest {
  static final String TOKEN = "instance-api-token-0123456789";
  Path tmp;
  EmbeddedScheduler agent;
  Cluster cluster;
  CosmosServer server;
  CosmosWire wire;
  URI root;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("zeta-cosmos-instances");
    agent = EmbeddedScheduler.start(AgentConfig.defaults(tmp.resolve("agent")).withResources(TestAgents.AMPLE)
        .withKillGracePeriod(Duration.ofSeconds(1)));
    root = tmp.resolve("cluster").toUri();
    Cli cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    cli.ok("cluster", "init", "--root", root.toString(), "--scheduler", agent.url().toString());
    cli.ok("package", "repo", "add", "zeta", Path.of("packages").toAbsolutePath().toString());
    cli.ok("role", "add", "team1");
    cluster = Cluster.open(root);
    MarathonClient client = TestAgents.client(agent);
    ServedInstances instances = new ServedInstances(cluster, request -> cluster.access(), () -> AppRuntime.of(client),
        c -> new ArtifactFetcher(new Configuration()));
    server = CosmosServer.start(HttpServerConfig.loopback(0).withToken(TOKEN),
        new Packages(cluster.repositories(), tmp.resolve("cache"), Duration.ofMinutes(1)), tmp.resolve("cache"),
        ServedCluster.of(cluster.name(), root.toString()), Optional.of(cluster.audit()), Optional.of(instances),
        RequestLog.NONE);
    wire = new CosmosWire(URI.create("http://127.0.0.1:" + server.port()), TOKEN);
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
    if (tmp != null) {
      new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor();
    }
  }

  List<AuditLog.Entry> audit() throws Exception {
    return cluster.audit().read();
  }

  @Test
  @Order(1)
  void installStagesInstallsAndStartsTheInstanceNamedByTheAppId() throws Exception {
    assertThat(Files.exists(Path.of(root).resolve("zeta/shared/hello"))).isFalse();
    JsonNode r = ok(wire.rpc("install", "{\"packageName\": \"hello\", \"packageVersion\": \"1.0.0\", "
        + "\"options\": {\"greeting\": \"Hi from Cosmos\"}, \"appId\": \"/team1/web1\"}", "v2"), "install", "v2",
        "v2/model/InstallResponse-schema.json");
    assertThat(r.get("appId").asText()).isEqualTo("/team1/web1");
    assertThat(r.get("packageName").asText()).isEqualTo("hello");
    assertThat(r.get("packageVersion").asText()).isEqualTo("1.0.0");
    // Staged, installed, and sent to the scheduler (Cosmos answers while Marathon deploys).
    assertThat(Files.exists(Path.of(root).resolve("zeta/shared/hello/stage/1.0.0/stage.json"))).isTrue();
    JsonNode record = Json.parse(Files.readString(Path.of(root).resolve("apps/team1/hello/web1/instance.json")), "r");
    assertThat(record.at("/userOptions/greeting").asText()).isEqualTo("Hi from Cosmos");
    assertThat(TestAgents.client(agent).app("/team1/web1")).isPresent();
    AuditLog.Entry last = audit().get(audit().size() - 1);
    assertThat(last.action()).isEqualTo("serve: package install");
    assertThat(last.target()).isEqualTo("team1/web1");
    assertThat(last.role()).isEqualTo("team1");
    assertThat(last.result()).isEqualTo("ok");
  }

  @Test
  @Order(2)
  void installWithoutAppIdGoesToTheSharedRoleAndV1AnswersV1() throws Exception {
    // The documented default: role shared (every cluster has it), the package's name as id.
    JsonNode r = ok(wire.rpc("install", "{\"packageName\": \"hello\"}", "v1"), "install", "v1",
        "v1/model/InstallResponse-schema.json");
    assertThat(r.toString()).isEqualTo("{\"packageName\":\"hello\",\"packageVersion\":\"1.0.0\",\"appId\":\"/shared/hello\"}");
    assertThat(Files.exists(Path.of(root).resolve("apps/shared/hello/hello/instance.json"))).isTrue();
  }

  @Test
  @Order(3)
  void refusedInstallsChangeNothingButTheAuditLine() throws Exception {
    Map<String, String> before = Trees.withoutAudit(root);
    int lines = audit().size();
    error(wire.rpc("install", "{\"packageName\": \"hello\", \"appId\": \"/team1/web1\"}", "v2"), 409,
        "PackageAlreadyInstalled");
    ObjectNode mismatch = error(wire.rpc("install", "{\"packageName\": \"hello\", \"options\": {\"port\": \"eighty\"}, "
        + "\"appId\": \"/team1/web3\"}", "v2"), 400, "JsonSchemaMismatch");
    assertThat(mismatch.at("/data/errors/0/instance/pointer").asText()).isEqualTo("/port");
    error(wire.rpc("install", "{\"packageName\": \"nope\", \"appId\": \"/team1/web3\"}", "v2"), 400, "PackageNotFound");
    error(wire.rpc("install", "{\"packageName\": \"hello\", \"packageVersion\": \"9.9.9\", \"appId\": \"/team1/web3\"}",
        "v2"), 400, "VersionNotFound");
    error(wire.rpc("install", "{\"packageName\": \"hello\", \"appId\": \"/team1/a/b\"}", "v2"), 400, "InvalidAppId");
    ObjectNode noRole = error(wire.rpc("install", "{\"packageName\": \"hello\", \"appId\": \"/nosuchrole/web\"}", "v2"),
        400, "ZetaError");
    assertThat(noRole.get("message").asText()).contains("nosuchrole");
    error(wire.rpc("install", "{\"packageName\": \"hello\"}", "v2"), 409, "PackageAlreadyInstalled");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
    List<AuditLog.Entry> after = audit();
    // One line per refused install whose body was well formed and named an instance (the bad app id names none).
    assertThat(after.subList(lines, after.size())).extracting(AuditLog.Entry::result)
        .allMatch(r -> r.startsWith("failed: ")).hasSize(6);
  }

  @Test
  @Order(4)
  void listReturnsTheInstancesWithTheirPackageInformation() throws Exception {
    JsonNode all = ok(wire.rpc("list", "{}", "v1"), "list", "v1", "v1/model/ListResponse-schema.json");
    assertThat(all.get("packages").findValuesAsText("appId")).containsExactly("/shared/hello", "/team1/web1");
    JsonNode def = all.at("/packages/0/packageInformation/packageDefinition");
    assertThat(def.get("name").asText()).isEqualTo("hello");
    assertThat(def.get("version").asText()).isEqualTo("1.0.0");
    assertThat(def.get("packagingVersion").asText()).isEqualTo("4.0");
    JsonNode one = ok(wire.rpc("list", "{\"appId\": \"/team1/web1\"}", "v1"), "list", "v1",
        "v1/model/ListResponse-schema.json");
    assertThat(one.get("packages").findValuesAsText("appId")).containsExactly("/team1/web1");
    JsonNode none = ok(wire.rpc("list", "{\"packageName\": \"kv\"}", "v1"), "list", "v1",
        "v1/model/ListResponse-schema.json");
    assertThat(none.get("packages")).isEmpty();
  }

  @Test
  @Order(5)
  void serviceDescribeShowsThePackageAndTheOptions() throws Exception {
    JsonNode d = ok(wire.rpc("service/describe", "{\"appId\": \"/team1/web1\"}", "v1"), "service/describe", "v1",
        "v1/model/ServiceDescribeResponse-schema.json");
    assertThat(d.at("/package/name").asText()).isEqualTo("hello");
    assertThat(d.has("zeta") || d.get("package").has("zeta")).isFalse();
    assertThat(d.at("/userProvidedOptions/greeting").asText()).isEqualTo("Hi from Cosmos");
    assertThat(d.at("/resolvedOptions/greeting").asText()).isEqualTo("Hi from Cosmos");
    assertThat(d.at("/resolvedOptions/mem").asInt()).isEqualTo(96);
    assertThat(d.get("upgradesTo")).isEmpty();
    error(wire.rpc("service/describe", "{\"appId\": \"/team1/nothing\"}", "v1"), 400, "MarathonAppNotFound");
  }

  @Test
  @Order(6)
  void serviceUpdateChangesTheOptionsAsANewRevision() throws Exception {
    Map<String, String> before = Trees.withoutAudit(root);
    error(wire.rpc("service/update", "{\"appId\": \"/team1/web1\", \"options\": {\"mem\": 1}, \"replace\": false}",
        "v1"), 400, "JsonSchemaMismatch");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
    JsonNode u = ok(wire.rpc("service/update", "{\"appId\": \"/team1/web1\", \"options\": {\"greeting\": \"Bye\"}, "
        + "\"replace\": false}", "v1"), "service/update", "v1", "v1/model/ServiceUpdateResponse-schema.json");
    assertThat(u.at("/resolvedOptions/greeting").asText()).isEqualTo("Bye");
    // The instance ran (install started it): the update went out as a deployment.
    assertThat(u.get("marathonDeploymentId").asText()).isNotEmpty();
    JsonNode record = Json.parse(Files.readString(Path.of(root).resolve("apps/team1/hello/web1/instance.json")), "r");
    assertThat(record.at("/userOptions/greeting").asText()).isEqualTo("Bye");
    assertThat(Files.readString(Path.of(root).resolve("apps/team1/hello/web1/conf/index.html"))).contains("Bye");
    // The AdminRouter path answers the same.
    ok(wire.rpc("service/describe", "{\"appId\": \"/team1/web1\"}", "v1"), "service/describe", "v1",
        "v1/model/ServiceDescribeResponse-schema.json");
  }

  @Test
  @Order(7)
  void uninstallNeedsAnAppIdOrAllAndKeepsTheData() throws Exception {
    ObjectNode ambiguous = error(wire.rpc("uninstall", "{\"packageName\": \"hello\"}", "v1"), 400, "AmbiguousAppId");
    assertThat(ambiguous.at("/data/appIds").toString()).isEqualTo("[\"/shared/hello\",\"/team1/web1\"]");
    error(wire.rpc("uninstall", "{\"packageName\": \"kv\", \"appId\": \"/team1/web1\"}", "v1"), 400,
        "UninstallNonExistentAppForPackage");
    JsonNode one = ok(wire.rpc("uninstall", "{\"packageName\": \"hello\", \"appId\": \"/shared/hello\"}", "v1"),
        "uninstall", "v1", "v1/model/UninstallResponse-schema.json");
    assertThat(one.toString()).isEqualTo("{\"results\":[{\"packageName\":\"hello\",\"appId\":\"/shared/hello\","
        + "\"packageVersion\":\"1.0.0\"}]}");
    JsonNode rest = ok(wire.rpc("uninstall", "{\"packageName\": \"hello\", \"all\": true}", "v1"), "uninstall", "v1",
        "v1/model/UninstallResponse-schema.json");
    assertThat(rest.get("results").findValuesAsText("appId")).containsExactly("/team1/web1");
    assertThat(TestAgents.client(agent).app("/team1/web1")).isEmpty();
    // Data kept: the home stays with instance.json in state removed (purge: zeta package uninstall --purge).
    JsonNode record = Json.parse(Files.readString(Path.of(root).resolve("apps/team1/hello/web1/instance.json")), "r");
    assertThat(record.get("state").asText()).isEqualTo("removed");
    error(wire.rpc("uninstall", "{\"packageName\": \"hello\"}", "v1"), 400, "PackageNotInstalled");
    JsonNode empty = ok(wire.rpc("list", "{}", "v1"), "list", "v1", "v1/model/ListResponse-schema.json");
    assertThat(empty.get("packages")).isEmpty();
  }
}
