package io.zeta.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Await;
import io.zeta.testing.Cli;
import io.zeta.testing.UpstreamImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ported original Zeta packages run for real: stage builds each one's image from the package's own
 * Containerfile (FROM docker.io/library/debian:bookworm, from the test upstream through the mirror,
 * installing Debian's packages) into the cluster registry; the instance runs in a container on the
 * embedded scheduler with its data on the cluster's shared storage, and the data survives stop/start
 * and uninstall (which keeps persistent data) followed by a reinstall of the same id.
 */
class PortedContainersTest {
  @TempDir
  static Path tmp;
  static Cli cli;
  static Path root;
  static UpstreamImages upstream;
  static String mirror;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  /** How long a service may take to answer after its task runs (first starts initialize data). */
  static final Duration READY = Duration.ofSeconds(120);

  @BeforeAll
  static void clusterRegistryAndAgent() {
    root = tmp.resolve("cluster");
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toUri().toString());
    cli.ok("cluster", "init", "--root", root.toUri().toString(), "--name", "ported");
    JsonNode agent = Json.parse(cli.ok("agent", "start", "--resources", "cpus:8;mem:16384", "--json").out(), "agent start");
    JsonNode containers = agent.path("containers");
    Assumptions.assumeTrue(containers.path("state").asText().equals("available"),
        "containers cannot run on this machine (the agent's probe): " + containers);
    upstream = UpstreamImages.start(tmp.resolve("upstream"));
    mirror = "docker.io=http://" + upstream.hostPort();
    cli.ok("registry", "start");
    cli.ok("package", "repo", "add", "zeta", Path.of("packages").toAbsolutePath().toString());
    cli.ok("role", "add", "prod");
  }

  @AfterAll
  static void stopAll() {
    if (cli != null) {
      cli.run("agent", "stop");
      cli.run("registry", "stop");
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void mariadbKeepsItsTablesAcrossStopStartAndReinstall() throws Exception {
    int port = agentPort();
    cli.ok("package", "stage", "mariadb", "--allow-build-network", "--image-mirror", mirror);
    String[] install = {"package", "install", "mariadb", "--role", "prod", "--id", "db1", "--set", "port=" + port,
        "--set", "mem=512"};
    cli.ok(install);
    JsonNode app = Json.parse(Files.readString(root.resolve("apps/prod/mariadb/db1/marathon.json")), "marathon.json");
    assertThat(app.at("/container/docker/image").asText()).as("the image stage built").contains("/mariadb/mariadb@sha256:");
    cli.ok("package", "start", "prod/db1");
    Path creds = root.resolve("apps/prod/mariadb/db1/creds/creds.txt");
    Await.until(READY, () -> assertThat(creds).as("the image's first start writes the admin password").exists());
    Await.until(READY, () -> query(port, creds, "SELECT 1"));
    sql(port, creds, "CREATE DATABASE zeta", "CREATE TABLE zeta.notes (body VARCHAR(64))",
        "INSERT INTO zeta.notes VALUES ('kept')");
    assertThat(query(port, creds, "SELECT body FROM zeta.notes")).containsExactly("kept");
    assertThat(root.resolve("apps/prod/mariadb/db1/data/zeta")).as("on the cluster's storage").isDirectory();

    cli.ok("package", "stop", "prod/db1");
    assertThat(root.resolve("apps/prod/mariadb/db1/lock/running")).as("the stopped copy released its lock").doesNotExist();
    cli.ok("package", "start", "prod/db1");
    assertThat(Await.until(READY, () -> query(port, creds, "SELECT body FROM zeta.notes"))).containsExactly("kept");

    cli.ok("package", "uninstall", "prod/db1", "--yes");
    cli.ok(install);
    cli.ok("package", "start", "prod/db1");
    assertThat(Await.until(READY, () -> query(port, creds, "SELECT body FROM zeta.notes"))).containsExactly("kept");
    cli.ok("package", "uninstall", "prod/db1", "--purge", "--yes");
  }

  @Test
  void etcdKeepsItsKeysAcrossStopStartAndReinstall() throws Exception {
    int client = agentPort();
    int peer = agentPort();
    cli.ok("package", "stage", "etcd", "--allow-build-network", "--image-mirror", mirror);
    String[] install = {"package", "install", "etcd", "--role", "prod", "--id", "kv1", "--set", "nodes=1",
        "--set", "advertiseHost=127.0.0.1", "--set", "clientPort=" + client, "--set", "peerPort=" + peer,
        "--set", "mem=256"};
    cli.ok(install);
    cli.ok("package", "start", "prod/kv1");
    String url = "http://127.0.0.1:" + client;
    Await.until(READY, () -> etcd(url, "/v3/kv/range", "{\"key\":\"" + b64("none") + "\"}"));
    etcd(url, "/v3/kv/put", "{\"key\":\"" + b64("zeta") + "\",\"value\":\"" + b64("survives") + "\"}");
    assertThat(etcdGet(url, "zeta")).isEqualTo("survives");
    assertThat(root.resolve("zeta/prod/etcd/kv1/data/etcd1/member")).as("on the cluster's storage").isDirectory();

    cli.ok("package", "stop", "prod/kv1");
    cli.ok("package", "start", "prod/kv1");
    assertThat(Await.until(READY, () -> etcdGet(url, "zeta"))).isEqualTo("survives");

    cli.ok("package", "uninstall", "prod/kv1", "--yes");
    cli.ok(install);
    cli.ok("package", "start", "prod/kv1");
    assertThat(Await.until(READY, () -> etcdGet(url, "zeta"))).isEqualTo("survives");
    cli.ok("package", "uninstall", "prod/kv1", "--purge", "--yes");
  }

  @Test
  void usershellLetsTheUserInWithTheirHomeAcrossStopStartAndReinstall() throws Exception {
    int port = agentPort();
    Path home = root.resolve("user/alice");
    Files.createDirectories(home.resolve(".ssh"));
    Files.createDirectories(root.resolve("user/zetaadm"));
    Path key = tmp.resolve("alice-key");
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
    Files.copy(tmp.resolve("alice-key.pub"), home.resolve(".ssh/authorized_keys"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(home.resolve(".ssh"), PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(home.resolve(".ssh/authorized_keys"), PosixFilePermissions.fromString("rw-------"));
    run(List.of("chown", "-R", "4242:4242", home.toString()));

    cli.ok("package", "stage", "usershell", "--allow-build-network", "--image-mirror", mirror);
    String[] install = {"package", "install", "usershell", "--role", "prod", "--id", "aliceusershell",
        "--set", "user=alice", "--set", "port=" + port, "--set", "nodeMounts=false", "--set", "mem=256"};
    cli.ok(install);
    cli.ok("package", "start", "prod/aliceusershell");
    assertThat(Await.until(READY, () -> ssh(key, port, "id -u && echo from-the-shell > ~/note.txt"))).isEqualTo("4242");
    assertThat(Files.readString(home.resolve("note.txt")).strip()).as("the home is the cluster's").isEqualTo("from-the-shell");

    cli.ok("package", "stop", "prod/aliceusershell");
    cli.ok("package", "start", "prod/aliceusershell");
    assertThat(Await.until(READY, () -> ssh(key, port, "cat ~/note.txt"))).isEqualTo("from-the-shell");

    cli.ok("package", "uninstall", "prod/aliceusershell", "--yes");
    cli.ok(install);
    cli.ok("package", "start", "prod/aliceusershell");
    assertThat(Await.until(READY, () -> ssh(key, port, "cat ~/note.txt"))).isEqualTo("from-the-shell");
    cli.ok("package", "uninstall", "prod/aliceusershell", "--purge", "--yes");
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** A free port in the agent's default range [31000-32000], for packages that fix their host port. */
  static int agentPort() throws IOException {
    for (int p = 31000 + (int) (ProcessHandle.current().pid() % 500); p < 32000; p++) {
      try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
        if (!used.contains(p)) {
          used.add(p);
          return p;
        }
      } catch (IOException busy) {
        // next
      }
    }
    throw new IOException("no free port in 31000-32000");
  }

  private static final List<Integer> used = new ArrayList<>();

  static Connection mariadb(int port, Path creds) throws IOException, java.sql.SQLException {
    Properties p = new Properties();
    for (String line : Files.readAllLines(creds)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        p.setProperty(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", p);
  }

  static void sql(int port, Path creds, String... statements) throws Exception {
    try (Connection c = mariadb(port, creds); Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    }
  }

  static List<String> query(int port, Path creds, String select) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = mariadb(port, creds); Statement s = c.createStatement(); ResultSet r = s.executeQuery(select)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode etcd(String url, String path, String body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return Json.parse(r.body(), path);
  }

  static String etcdGet(String url, String key) throws Exception {
    JsonNode kvs = etcd(url, "/v3/kv/range", "{\"key\":\"" + b64(key) + "\"}").path("kvs");
    assertThat(kvs.size()).as("the key " + key).isEqualTo(1);
    return new String(Base64.getDecoder().decode(kvs.get(0).path("value").asText()), StandardCharsets.UTF_8);
  }

  static String ssh(Path key, int port, String command) throws Exception {
    return run(List.of("ssh", "-i", key.toString(), "-p", String.valueOf(port), "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
        "-o", "ConnectTimeout=10", "alice@127.0.0.1", command)).strip();
  }

  static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(command + ": " + out).isZero();
    return out;
  }
}
