package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.ClientSettings;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.embedded.AgentRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zeta agent start|status|stop}, with a real background agent process. */
class AgentCommandTest {
  @TempDir
  Path home;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int zeta(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    ZetaEnv env = new ZetaEnv(Map.of(), home, home, home, new PrintWriter(out), new PrintWriter(err), false);
    return Main.run(args, env);
  }

  private Path workDir() {
    return home.resolve("agent");
  }

  private static List<ProcessHandle> processes(String marker) {
    return ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains(marker)).toList();
  }

  @AfterEach
  void killLeftAgent() {
    AgentLocator.read(workDir()).flatMap(AgentLocator::process).ifPresent(ProcessHandle::destroyForcibly);
  }

  @Test
  void startStatusAndStop() {
    assertThat(zeta("agent", "start")).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("agent running at http://127.0.0.1:");
    AgentRecord record = AgentLocator.read(workDir()).orElseThrow();
    ProcessHandle agent = AgentLocator.process(record).orElseThrow();
    assertThat(workDir().resolve("agent.log")).exists();

    assertThat(zeta("agent", "start")).isZero();
    // The first line; a line on the container runtime follows once the agent's probe has finished.
    assertThat(out.toString().strip().lines().findFirst().orElse("")).isEqualTo("agent already running at "
        + record.url() + " (pid " + record.pid() + ")");

    MarathonClient client = AgentLocator.client(workDir(), record, ClientSettings.defaults());
    client.awaitDeployment(client.createApp(Json.parseObject("{\"id\":\"/cli/sleeper\",\"cmd\":\"exec sleep 3811\"}",
        "app")), Duration.ofSeconds(20));
    assertThat(processes("sleep 3811")).hasSize(1);

    assertThat(zeta("agent", "status", "--json")).isZero();
    JsonNode status = Json.parse(out.toString(), "status");
    assertThat(status.get("running").asBoolean()).isTrue();
    assertThat(status.get("url").asText()).isEqualTo(record.url());
    assertThat(status.get("apps")).hasSize(1);
    assertThat(status.get("tasksRunning").asInt()).isEqualTo(1);

    assertThat(zeta("agent", "stop")).isZero();
    assertThat(out.toString().strip()).isEqualTo("agent stopped (pid " + record.pid() + ")");
    assertThat(agent.isAlive()).isFalse();
    assertThat(processes("sleep 3811")).isEmpty();
    assertThat(workDir().resolve(AgentLocator.RECORD_FILE)).doesNotExist();

    assertThat(zeta("agent", "status")).as("no agent: LSB's 'not running'").isEqualTo(3);
    assertThat(out.toString()).startsWith("no agent running for " + workDir());
    assertThat(zeta("agent", "status", "--json")).isEqualTo(3);
    assertThat(Json.parse(out.toString(), "status").get("running").asBoolean()).isFalse();
    assertThat(zeta("agent", "stop")).isZero();
    assertThat(out.toString().strip()).isEqualTo("no agent running for " + workDir());
  }

  /** The CLI finds and sends the token by itself; without it, the agent refuses. */
  @Test
  void theCliSendsTheAgentsTokenAndOthersAreRefused() throws Exception {
    assertThat(zeta("agent", "start")).as(err.toString()).isZero();
    AgentRecord record = AgentLocator.read(workDir()).orElseThrow();
    Path tokenFile = workDir().resolve(AgentLocator.TOKEN_FILE);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(
        tokenFile))).isEqualTo("rw-------");
    java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(record.url() + "/v2/apps")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(zeta("agent", "status", "--json")).as(err.toString()).isZero();
    assertThat(Json.parse(out.toString(), "status").get("running").asBoolean()).isTrue();
    assertThat(zeta("agent", "stop")).isZero();
  }

  @Test
  void noAuthIsExplicitAndWarned() throws Exception {
    assertThat(zeta("agent", "start", "--no-auth")).as(err.toString()).isZero();
    assertThat(err.toString()).contains("warning: the agent API runs without authentication (--no-auth)");
    AgentRecord record = AgentLocator.read(workDir()).orElseThrow();
    assertThat(workDir().resolve(AgentLocator.TOKEN_FILE)).doesNotExist();
    java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(record.url() + "/ping")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.body()).isEqualTo("pong");
    // The agent itself says it too, in its log.
    assertThat(java.nio.file.Files.readString(workDir().resolve("agent.log"))).contains("without authentication (--no-auth)");
    assertThat(zeta("agent", "status", "--json")).isZero();
    assertThat(Json.parse(out.toString(), "status").get("running").asBoolean()).isTrue();
    assertThat(zeta("agent", "stop")).isZero();
  }

  @Test
  void startSaysWhyTheAgentDidNotComeUp() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      assertThat(zeta("agent", "start", "--port", String.valueOf(port))).isEqualTo(Main.EXIT_ERROR);
      assertThat(err.toString()).startsWith("zeta: the agent exited with status 1: ")
          .contains("cannot serve the agent API on 127.0.0.1:" + port)
          .contains("hint: see " + workDir().resolve("agent.log"));
    }
  }
}
