package io.zeta.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zeta.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries and error mapping, against a closed port and a tiny server that fails on purpose. */
class MarathonClientRetryTest {
  private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(20), 2.0, Duration.ofMillis(100));
  private HttpServer server;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
        + exchange.getRequestHeaders().getFirst("Authorization"));
    String path = exchange.getRequestURI().getPath();
    if (failuresLeft.getAndDecrement() > 0) {
      reply(exchange, 503, "{\"message\":\"leader election in progress\"}");
    } else if (path.equals("/v2/apps/x")) {
      reply(exchange, 200, "{\"app\":{\"id\":\"/x\",\"instances\":1,\"tasksRunning\":1,\"deployments\":[]}}");
    } else if (path.equals("/v2/apps")) {
      reply(exchange, 422, "{\"message\":\"Object is not valid\",\"details\":[{\"path\":\"/upgradeStrategy/"
          + "minimumHealthCapacity\",\"errors\":[\"is greater than 1\"]}]}");
    } else {
      reply(exchange, 404, "{\"message\":\"no\"}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private MarathonClient client(ClientSettings settings) {
    return new MarathonClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), settings);
  }

  @Test
  void aClosedPortFailsAfterEveryAttempt() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    MarathonClient closed = MarathonClient.of("http://127.0.0.1:" + port, ClientSettings.defaults().withRetry(FAST));
    assertThatThrownBy(closed::ping)
        .isInstanceOf(SchedulerUnreachableException.class)
        .hasMessage("scheduler at http://127.0.0.1:" + port + " unreachable: connection refused (3 attempts)");
    // Nothing reached a server, so even a create may be retried, and is.
    assertThatThrownBy(() -> closed.createApp(Json.parseObject("{\"id\":\"/x\"}", "app")))
        .isInstanceOf(SchedulerUnreachableException.class).hasMessageEndingWith("(3 attempts)");
  }

  @Test
  void a503IsRetriedUntilTheAnswerComes() {
    failuresLeft.set(2);
    AppStatus app = client(ClientSettings.defaults().withRetry(FAST)).app("/x").orElseThrow();
    assertThat(app.tasksRunning()).isEqualTo(1);
    assertThat(seen).hasSize(3);
  }

  @Test
  void tooMany503sMakeTheSchedulerUnreachable() {
    failuresLeft.set(5);
    assertThatThrownBy(() -> client(ClientSettings.defaults().withRetry(FAST)).app("/x"))
        .isInstanceOfSatisfying(SchedulerUnreachableException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.getMessage()).endsWith("unreachable: HTTP 503 leader election in progress (3 attempts)");
        });
    assertThat(seen).hasSize(3);
  }

  @Test
  void aCreateThatTheServerAnsweredIsNeverSentAgain() {
    failuresLeft.set(1);
    assertThatThrownBy(() -> client(ClientSettings.defaults().withRetry(FAST))
        .createApp(Json.parseObject("{\"id\":\"/x\",\"cmd\":\"true\"}", "app")))
        .isInstanceOfSatisfying(SchedulerException.class, e -> {
          assertThat(e).isNotInstanceOf(SchedulerUnreachableException.class);
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.getMessage()).contains("the app may or may not have been created");
        });
    assertThat(seen).hasSize(1);
  }

  @Test
  void validationDetailsArePassedOn() {
    assertThatThrownBy(() -> client(ClientSettings.defaults()).createApp(Json.parseObject("{\"id\":\"/x\"}", "app")))
        .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.violations())
            .containsExactly(new AppViolation("/upgradeStrategy/minimumHealthCapacity", "is greater than 1")));
  }

  @Test
  void theTokenIsSentAsDcosDoes() {
    client(ClientSettings.defaults().withToken("abc.def")).app("/x");
    assertThat(seen).containsExactly("GET /v2/apps/x?embed=app.tasks&embed=app.counts&embed=app.deployments"
        + "&embed=app.lastTaskFailure token=abc.def");
  }
}
