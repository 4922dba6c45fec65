package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.zeta.json.Json;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthProbeTest {
  static HttpServer server;
  @TempDir
  static Path sandbox;

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      int status = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
      if (status == 302) {
        exchange.getResponseHeaders().set("Location", "/404");
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static Optional<String> probe(String check, int port) {
    String app = "{\"id\":\"/h\",\"cmd\":\"x\",\"healthChecks\":[" + check + "]}";
    AppSpec spec = AppSpec.from(Json.parseObject(app, "app"), Duration.ofSeconds(1));
    LocalTask task = new LocalTask("h.1", spec, "v", "v", sandbox, List.of(port), Map.of("PATH", "/bin:/usr/bin",
        "PORT0", String.valueOf(port)), Instant.now());
    return HealthProbe.check(spec.healthChecks().get(0), task);
  }

  @Test
  void httpIsHealthyFrom200To399() {
    int port = server.getAddress().getPort();
    assertThat(probe("{\"protocol\":\"HTTP\",\"path\":\"/200\"}", port)).isEmpty();
    assertThat(probe("{\"protocol\":\"MESOS_HTTP\",\"path\":\"/302\"}", port)).as("redirects are not followed").isEmpty();
    assertThat(probe("{\"protocol\":\"HTTP\",\"path\":\"/404\"}", port))
        .contains("http://127.0.0.1:" + port + "/404 answered 404");
    assertThat(probe("{\"protocol\":\"HTTP\",\"path\":\"/500\"}", port)).get().asString().endsWith("answered 500");
  }

  @Test
  void tcpNeedsSomeoneListening() throws Exception {
    assertThat(probe("{\"protocol\":\"TCP\"}", server.getAddress().getPort())).isEmpty();
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThat(probe("{\"protocol\":\"MESOS_TCP\"}", closed)).get().asString()
        .startsWith("TCP connection to port " + closed + " failed");
  }

  @Test
  void commandsRunWithTheTaskEnvironmentAndTimeOut() {
    int port = server.getAddress().getPort();
    assertThat(probe("{\"protocol\":\"COMMAND\",\"command\":{\"value\":\"test $PORT0 = " + port + "\"}}", port))
        .isEmpty();
    assertThat(probe("{\"protocol\":\"COMMAND\",\"command\":{\"value\":\"exit 3\"}}", port))
        .contains("command exited with 3");
    assertThat(probe("{\"protocol\":\"COMMAND\",\"timeoutSeconds\":1,\"command\":{\"value\":\"sleep 3921\"}}", port))
        .contains("command timed out after 1 s");
    assertThat(LocalProcesses.withCommandLine("sleep 3921")).isEmpty();
  }
}
