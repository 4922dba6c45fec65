package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.TestAgents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The agent's API defends itself, tested through real HTTP (and raw sockets where the JDK's client
 * will not send what an attacker would): the token, the JSON content type, the Host check, the
 * body limit, stalled connections, no CORS, the audit line.
 */
class AgentApiSafetyTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  @TempDir
  static Path work;
  static EmbeddedScheduler agent;
  static String token;
  static String url;

  @BeforeAll
  static void startAgent() {
    agent = EmbeddedScheduler.start(AgentConfig.defaults(work).withResources(TestAgents.AMPLE).withKillGracePeriod(Duration.ofSeconds(1)),
        ApiSettings.defaults().withMaxBodyBytes(64 * 1024));
    token = agent.token().orElseThrow();
    url = agent.url().toString();
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  static HttpResponse<String> send(String method, String path, Map<String, String> headers, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10));
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, String> auth() {
    return Map.of("Authorization", "token=" + token, "Content-Type", "application/json");
  }

  static int appCount() throws Exception {
    return Json.parse(send("GET", "/v2/apps", auth(), null).body(), "apps").get("apps").size();
  }

  /** A raw HTTP/1.1 exchange: the status line and headers of the answer. */
  static String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", agent.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void withoutTheTokenEveryRequestGets401WithAChallenge() throws Exception {
    for (String path : List.of("/ping", "/v2/info", "/v2/apps", "/v2/events", "/no/such/path")) {
      HttpResponse<String> r = send("GET", path, Map.of(), null);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(v ->
          assertThat(v).startsWith("Bearer realm="));
      assertThat(Json.parse(r.body(), "401").get("message").asText()).contains("Not Authenticated")
          .contains("no token given");
    }
    HttpResponse<String> post = send("POST", "/v2/apps", Map.of("Content-Type", "application/json"),
        "{\"id\":\"/safety/intruder\",\"cmd\":\"exec sleep 4711\"}");
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(appCount()).isZero();
    assertThat(LocalProcesses.withCommandLine("sleep 4711")).isEmpty();
  }

  @Test
  void aWrongTokenGets401() throws Exception {
    for (String header : List.of("token=" + token.substring(1) + "x", "Bearer nottheone", "Basic " + token, token)) {
      HttpResponse<String> r = send("GET", "/v2/apps", Map.of("Authorization", header), null);
      assertThat(r.statusCode()).as(header).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
    }
  }

  @Test
  void theTokenIsAcceptedAsDcosAsBearerAndAsBasicPassword() throws Exception {
    assertThat(send("GET", "/ping", Map.of("Authorization", "token=" + token), null).body()).isEqualTo("pong");
    assertThat(send("GET", "/ping", Map.of("Authorization", "Bearer " + token), null).statusCode()).isEqualTo(200);
    String basic = java.util.Base64.getEncoder().encodeToString(("anyone:" + token).getBytes(StandardCharsets.UTF_8));
    assertThat(send("GET", "/ping", Map.of("Authorization", "Basic " + basic), null).statusCode()).isEqualTo(200);
    String wrong = java.util.Base64.getEncoder().encodeToString((token + ":x").getBytes(StandardCharsets.UTF_8));
    assertThat(send("GET", "/ping", Map.of("Authorization", "Basic " + wrong), null).statusCode()).isEqualTo(401);
  }

  @Test
  void theTokenFileIsReadableByItsOwnerOnly() throws Exception {
    Path file = work.resolve(AgentLocator.TOKEN_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file).strip()).isEqualTo(token);
    // 32 random bytes, URL-safe base64.
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(AgentLocator.token(work)).contains(token);
  }

  @Test
  void aBodyThatIsNotJsonGets415AndChangesNothing() throws Exception {
    String app = "{\"id\":\"/safety/plain\",\"cmd\":\"exec sleep 4712\"}";
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
      HttpResponse<String> r = send("POST", "/v2/apps", Map.of("Authorization", "token=" + token,
          "Content-Type", type), app);
      assertThat(r.statusCode()).as(type).isEqualTo(415);
      assertThat(Json.parse(r.body(), "415").get("message").asText()).contains("application/json");
    }
    assertThat(appCount()).isZero();
    // With a charset, JSON is JSON.
    HttpResponse<String> ok = send("POST", "/v2/apps", Map.of("Authorization", "token=" + token,
        "Content-Type", "application/json; charset=utf-8"), "{\"id\":\"/safety/charset\",\"cmd\":\"exec sleep 4713\","
        + "\"instances\":0}");
    assertThat(ok.statusCode()).isEqualTo(201);
    send("DELETE", "/v2/apps/safety/charset", auth(), null);
  }

  @Test
  void aForeignHostIsRefused() throws Exception {
    String refused = raw("GET /v2/apps HTTP/1.1\r\nHost: attacker.example:" + agent.port() + "\r\nAuthorization: token="
        + token + "\r\nConnection: close\r\n\r\n");
    assertThat(refused).startsWith("HTTP/1.1 421");
    assertThat(refused).contains("is not this server").contains("DNS rebinding");
    String otherPort = raw("GET /ping HTTP/1.1\r\nHost: 127.0.0.1:1\r\nAuthorization: token=" + token
        + "\r\nConnection: close\r\n\r\n");
    assertThat(otherPort).startsWith("HTTP/1.1 421");
    for (String host : List.of("127.0.0.1", "localhost", "LOCALHOST", "[::1]")) {
      String ok = raw("GET /ping HTTP/1.1\r\nHost: " + host + ":" + agent.port() + "\r\nAuthorization: token=" + token
          + "\r\nConnection: close\r\n\r\n");
      assertThat(ok).as(host).startsWith("HTTP/1.1 200").endsWith("pong");
    }
  }

  @Test
  void anOversizedBodyGets413BeforeItIsRead() throws Exception {
    String big = "{\"id\":\"/safety/big\",\"cmd\":\"exec sleep 4714\",\"env\":{\"X\":\"" + "x".repeat(70 * 1024) + "\"}}";
    HttpResponse<String> r = send("POST", "/v2/apps", auth(), big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(Json.parse(r.body(), "413").get("message").asText()).contains("exceeds the limit of 65536 bytes");
    // Announced as larger than the limit: refused from the header, without sending the body.
    String head = raw("POST /v2/apps HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port() + "\r\nAuthorization: token=" + token
        + "\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{");
    assertThat(head).startsWith("HTTP/1.1 413");
    // Chunked, without a length: counted while read.
    StringBuilder chunked = new StringBuilder("POST /v2/apps HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port()
        + "\r\nAuthorization: token=" + token + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
        + "\r\nConnection: close\r\n\r\n");
    String chunk = "x".repeat(16 * 1024);
    for (int i = 0; i < 5; i++) {
      chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
    }
    chunked.append("0\r\n\r\n");
    assertThat(raw(chunked.toString())).startsWith("HTTP/1.1 413");
    assertThat(appCount()).isZero();
  }

  @Test
  void aHugeRequestHeadGets431() throws Exception {
    HttpResponse<String> r = send("GET", "/ping", Map.of("Authorization", "token=" + token, "X-Big",
        "y".repeat(20 * 1024)), null);
    assertThat(r.statusCode()).isEqualTo(431);
  }

  @Test
  void stalledConnectionsDoNotStopPing() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        Socket s = new Socket("127.0.0.1", agent.port());
        s.getOutputStream().write("GET /pi".getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        stalled.add(s);
      }
      for (int i = 0; i < 8; i++) {
        Socket s = new Socket("127.0.0.1", agent.port());
        s.getOutputStream().write(("POST /v2/apps HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port() + "\r\nAuthorization: token="
            + token + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        stalled.add(s);
      }
      Thread.sleep(200);
      long t0 = System.nanoTime();
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/ping"))
          .header("Authorization", "token=" + token).timeout(Duration.ofSeconds(1)).build(),
          HttpResponse.BodyHandlers.ofString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.body()).isEqualTo("pong");
      assertThat(ms).isLessThan(1000);
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void noCorsHeadersEver() throws Exception {
    Map<String, String> fromPage = Map.of("Authorization", "token=" + token, "Origin", "http://attacker.example");
    for (String method : List.of("GET", "OPTIONS")) {
      HttpResponse<String> r = send(method, "/v2/apps", fromPage, null);
      assertThat(r.headers().map().keySet()).as(method).noneMatch(h -> h.toLowerCase().startsWith("access-control"));
    }
    HttpResponse<String> unauth = send("GET", "/v2/apps", Map.of("Origin", "http://attacker.example"), null);
    assertThat(unauth.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control"));
  }

  @Test
  void everyChangeLeavesAnAuditLine() throws Exception {
    Logger audit = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    ch.qos.logback.classic.Level level = audit.getLevel();
    // The agent's logback.xml keeps this logger at INFO; the tests' configuration is quieter.
    audit.setLevel(ch.qos.logback.classic.Level.INFO);
    audit.addAppender(lines);
    try {
      send("POST", "/v2/apps", auth(), "{\"id\":\"/safety/audited\",\"cmd\":\"exec sleep 4715\",\"instances\":0}");
      send("DELETE", "/v2/apps/safety/audited", Map.of("Authorization", "Bearer wrong"), null);
      send("DELETE", "/v2/apps/safety/audited", auth(), null);
      send("GET", "/v2/apps", auth(), null);
    } finally {
      audit.detachAppender(lines);
      audit.setLevel(level);
    }
    // Other tests of this class may run meanwhile: only this test's app counts.
    List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("/safety/audited")).toList();
    assertThat(messages).hasSize(3);
    assertThat(messages.get(0)).matches("who=token peer=127\\.0\\.0\\.1:\\d+ method=POST path=/v2/apps "
        + "app=/safety/audited status=201");
    assertThat(messages.get(1)).matches("who=anonymous peer=127\\.0\\.0\\.1:\\d+ method=DELETE "
        + "path=/v2/apps/safety/audited app=- status=401");
    assertThat(messages.get(2)).matches("who=token peer=127\\.0\\.0\\.1:\\d+ method=DELETE "
        + "path=/v2/apps/safety/audited app=/safety/audited status=200");
  }

  @Test
  void aNoAuthAgentNeedsNoTokenAndLeavesNoTokenFile(@TempDir Path other) throws Exception {
    Files.writeString(other.resolve(AgentLocator.TOKEN_FILE), "stale\n");
    try (EmbeddedScheduler open = EmbeddedScheduler.start(AgentConfig.defaults(other), ApiSettings.defaults()
        .withAuth(false))) {
      assertThat(open.token()).isEmpty();
      assertThat(other.resolve(AgentLocator.TOKEN_FILE)).doesNotExist();
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(open.url() + "/v2/info")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode info = Json.parse(r.body(), "info");
      assertThat(info.get("name").asText()).isEqualTo("zeta-agent");
    }
  }
}
