package io.zeta.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The server's plumbing over real sockets: routes, the header timeout, a slow stream reader. */
class WebServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> get(WebServer s, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theMostLiteralPatternWinsWhateverTheOrder() throws Exception {
    Routes routes = new Routes()
        .get("/v2/apps/{id*}", r -> Response.text(200, "app " + r.param("id")))
        .get("/v2/apps/{id*}/tasks/{taskId}", r -> Response.text(200, "task " + r.param("taskId") + " of "
            + r.param("id")))
        .get("/v2/apps/{id*}/tasks", r -> Response.text(200, "tasks of " + r.param("id")));
    try (WebServer s = WebServer.start(HttpServerConfig.loopback(0), routes, RequestLog.NONE)) {
      assertThat(get(s, "/v2/apps/a/b").body()).isEqualTo("app a/b");
      assertThat(get(s, "/v2/apps/a/b/").body()).isEqualTo("app a/b");
      assertThat(get(s, "/v2/apps/a/b/tasks").body()).isEqualTo("tasks of a/b");
      assertThat(get(s, "/v2/apps/a/b/tasks/t1").body()).isEqualTo("task t1 of a/b");
      HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + "/v2/apps/x/tasks"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).contains("GET");
      assertThat(get(s, "/v3/other").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aNewConnectionThatStallsInItsHeadIsClosed() throws Exception {
    HttpServerConfig config = HttpServerConfig.loopback(0).withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(500));
    try (WebServer s = WebServer.start(config, new Routes().get("/ping", r -> Response.text(200, "pong")),
        RequestLog.NONE); Socket stalled = new Socket("127.0.0.1", s.port())) {
      stalled.getOutputStream().write("GET /pi".getBytes(StandardCharsets.ISO_8859_1));
      stalled.setSoTimeout(5000);
      long t0 = System.nanoTime();
      InputStream in = stalled.getInputStream();
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the stalled connection was still open after 5 s");
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      // Closed (or answered with an error and closed), well before the 30 s idle timeout.
      while (b != -1) {
        b = in.read();
      }
      assertThat(ms).isBetween(300L, 3000L);
      assertThat(get(s, "/ping").body()).isEqualTo("pong");
    }
  }

  @Test
  void aStreamReaderThatFallsBehindIsDroppedWithoutBlockingTheSender() throws Exception {
    CountDownLatch refused = new CountDownLatch(1);
    AtomicLong sent = new AtomicLong();
    CountDownLatch closed = new CountDownLatch(1);
    Routes routes = new Routes().stream("/stream", (r, stream) -> {
      stream.open(200, "text/event-stream", Map.of());
      stream.onClose(closed::countDown);
      Thread t = new Thread(() -> {
        byte[] chunk = ("data: " + "x".repeat(1018) + "\n\n").getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
          if (!stream.send(chunk)) {
            refused.countDown();
            return;
          }
          sent.addAndGet(chunk.length);
        }
      });
      t.setDaemon(true);
      t.start();
    });
    HttpServerConfig config = HttpServerConfig.loopback(0).withStreamQueueBytes(64 * 1024);
    try (WebServer s = WebServer.start(config, routes, RequestLog.NONE); Socket reader = new Socket("127.0.0.1",
        s.port())) {
      reader.setReceiveBufferSize(4096);
      reader.getOutputStream().write(("GET /stream HTTP/1.1\r\nHost: 127.0.0.1:" + s.port() + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      // The reader reads nothing: the sender must be refused (not blocked) and the stream end.
      assertThat(closed.await(20, TimeUnit.SECONDS)).as("stream closed; sent " + sent.get()).isTrue();
      assertThat(refused.await(5, TimeUnit.SECONDS)).as("the sender was refused").isTrue();
      assertThat(s.openStreams()).isZero();
    }
  }
}
