package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's token lives in its own owner-only file, not in cluster.json, so that every
 * tenant can read the configuration; Zeta still sends it to Marathon; an old cluster.json holding
 * it keeps working and {@code doctor --repair} moves it. Marathon here is a raw HTTP server on
 * 127.0.0.1 that records the Authorization header of each request.
 */
class SchedulerTokenTest {
  private static final String TOKEN = "eyJhbGciOi.dcos-token-4711";

  @TempDir
  Path tmp;
  HttpServer marathon;
  final List<String> auth = new CopyOnWriteArrayList<>();
  Cli cli;
  Path root;

  @BeforeEach
  void setUp() throws Exception {
    marathon = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    marathon.createContext("/", ex -> {
      auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      byte[] body = (ex.getRequestURI().getPath().startsWith("/v2/apps") ? "{\"apps\":[]}" : "pong")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    marathon.start();
    cli = new Cli(tmp.resolve("home"), tmp);
    root = tmp.resolve("cluster");
  }

  @AfterEach
  void tearDown() {
    marathon.stop(0);
  }

  String marathonUrl() {
    return "http://127.0.0.1:" + marathon.getAddress().getPort();
  }

  Path config() {
    return root.resolve("zeta/kstore/cluster.json");
  }

  Path tokenFile() {
    return root.resolve("zeta/kstore/secrets/scheduler-token");
  }

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void theTokenIsKeptOwnerOnlyApartFromAReadableClusterJsonAndStillSent() throws Exception {
    Files.writeString(tmp.resolve("token.txt"), TOKEN + "\n");
    cli.ok("cluster", "init", "--root", root.toUri().toString(), "--scheduler", marathonUrl(),
        "--scheduler-token-file", "token.txt");

    assertThat(mode(tokenFile())).isEqualTo("rw-------");
    assertThat(mode(tokenFile().getParent())).isEqualTo("rwx------");
    assertThat(Files.readString(tokenFile()).strip()).isEqualTo(TOKEN);
    assertThat(mode(config())).isEqualTo("rw-r--r--");
    assertThat(Files.readString(config())).doesNotContain(TOKEN).doesNotContain("marathonToken");

    Cli.Result info = cli.ok("cluster", "info");
    Cli.Result json = cli.ok("cluster", "info", "--json");
    assertThat(info.out() + info.err() + json.out() + json.err()).doesNotContain(TOKEN);

    cli.ok("cluster", "doctor");
    assertThat(auth).isNotEmpty().allMatch(("token=" + TOKEN)::equals);

    // Rewriting cluster.json (capabilities) keeps it readable and token-free.
    cli.ok("cluster", "capabilities", "--add", "docker");
    assertThat(mode(config())).isEqualTo("rw-r--r--");
    assertThat(Files.readString(config())).doesNotContain(TOKEN);
  }

  @Test
  void aTokenFromStdinAndABadTokenFileIsRefused() throws Exception {
    Cli.Result missing = cli.run("cluster", "init", "--root", root.toUri().toString(), "--scheduler", marathonUrl(),
        "--scheduler-token-file", "nothing.txt");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err().strip()).startsWith("zeta: --scheduler-token-file nothing.txt: not a readable file")
        .doesNotContain("\tat ");
    assertThat(root).doesNotExist();

    cli.stdin(TOKEN + "\n").ok("cluster", "init", "--root", root.toUri().toString(), "--scheduler", marathonUrl(),
        "--scheduler-token-file", "-");
    assertThat(Files.readString(tokenFile()).strip()).isEqualTo(TOKEN);
  }

  @Test
  void aTokenInAnOldClusterJsonIsStillSentAndDoctorRepairMovesIt() throws Exception {
    cli.ok("cluster", "init", "--root", root.toUri().toString(), "--scheduler", marathonUrl());
    auth.clear(); // init asked /v2/info for Marathon's release, without a token: none was given yet
    // As older versions left it: the token in cluster.json, the file owner-only.
    ObjectNode old = (ObjectNode) Json.parse(Files.readAllBytes(config()), "cluster.json");
    old.put("marathonToken", TOKEN);
    Files.write(config(), Json.prettyBytes(old));
    Files.setPosixFilePermissions(config(), PosixFilePermissions.fromString("rw-------"));

    Cli.Result check = cli.run("cluster", "doctor");
    assertThat(check.exit()).as(check.toString()).isEqualTo(1);
    assertThat(check.out()).contains("problem:  cluster.json holds the scheduler token");
    assertThat(auth).isNotEmpty().allMatch(("token=" + TOKEN)::equals);
    assertThat(cli.ok("cluster", "info", "--json").out()).doesNotContain(TOKEN);
    assertThat(tokenFile()).doesNotExist();

    cli.ok("cluster", "doctor", "--repair");
    assertThat(mode(tokenFile())).isEqualTo("rw-------");
    assertThat(Files.readString(tokenFile()).strip()).isEqualTo(TOKEN);
    assertThat(mode(config())).isEqualTo("rw-r--r--");
    assertThat(Files.readString(config())).doesNotContain(TOKEN).doesNotContain("marathonToken");

    auth.clear();
    Cli.Result after = cli.ok("cluster", "doctor");
    assertThat(after.out()).contains("The cluster is healthy.");
    assertThat(auth).isNotEmpty().allMatch(("token=" + TOKEN)::equals);
  }
}
