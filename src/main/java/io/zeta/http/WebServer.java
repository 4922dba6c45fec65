package io.zeta.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zeta's HTTP server (embedded Jetty, core API): a {@link Routes} table behind the checks every
 * request passes first, in this order: the {@code Host} header names this server (421 otherwise,
 * against DNS rebinding), the token (401 with {@code WWW-Authenticate}), the route (404, 405),
 * a JSON content type on requests with a body (415), the body limit (413, from
 * {@code Content-Length} before reading, and while reading a chunked body). No CORS headers are
 * ever sent, so browsers keep other origins' pages from reading answers.
 *
 * <p>Jetty reads requests with non-blocking I/O, so a connection that stalls mid-request holds a
 * socket, not a worker; it is closed by the header timeout (new connections) or the idle timeout.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

  private final HttpServerConfig config;
  private final Routes routes;
  private final RequestLog log;
  private final java.util.function.Function<HttpError, Response> refusals;
  private final Authenticator authenticator;
  private final Server server;
  private final ServerConnector connector;
  private final Set<JettyStream> streams = ConcurrentHashMap.newKeySet();
  private volatile Set<String> allowedHosts = Set.of();

  private WebServer(HttpServerConfig config, Routes routes, RequestLog log,
      java.util.function.Function<HttpError, Response> refusals, Authenticator authenticator) {
    this.config = config;
    this.routes = routes;
    this.log = log;
    this.refusals = refusals;
    this.authenticator = authenticator != null ? authenticator : this::tokenAuthentication;
    // Jetty wants an unbounded job queue (its own tasks must not be refused); the connection limit
    // bounds the requests that can wait in it.
    QueuedThreadPool pool = new QueuedThreadPool(config.maxThreads(), Math.min(4, config.maxThreads()), 60_000);
    pool.setName("zeta-http");
    pool.setDaemon(true);
    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // Marathon's clients send app ids with their leading slash after the resource (marathon-python:
    // /v2/apps//team1/web); Marathon's Jetty took the empty segment, Jetty 12 refuses it by default.
    http.setUriCompliance(UriCompliance.DEFAULT.with("marathon", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
    http.setRequestHeaderSize(config.maxHeaderBytes());
    http.setIdleTimeout(config.idleTimeout().toMillis());
    if (config.tls().isPresent()) {
      // Host is checked by Dispatch against the configured names; Jetty's SNI check would refuse IP addresses.
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(config.tls().get().keyStore());
      ssl.setKeyStorePassword(config.tls().get().password());
      ssl.setKeyManagerPassword(config.tls().get().password());
      connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"),
          new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    }
    connector.setHost(config.bindAddress().getHostAddress());
    connector.setPort(config.port());
    connector.setIdleTimeout(config.idleTimeout().toMillis());
    connector.setReuseAddress(true);
    connector.addBean(new HeaderTimeout(config.headerTimeout().toMillis()));
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(config.maxConnections(), connector));
    server.setErrorHandler(new JsonErrors());
    server.setHandler(new Dispatch());
    server.setStopTimeout(2000);
  }

  /** Starts listening; the routes may still gain entries afterwards. */
  public static WebServer start(HttpServerConfig config, Routes routes, RequestLog log) throws IOException {
    return start(config, routes, log, HttpError::response);
  }

  /**
   * Starts listening, with the server's own refusals (401, 404, 405, 413, 415, 421, 500 and Jetty's)
   * shaped by {@code refusals}: an API with its own error format (Cosmos's) answers them in it.
   */
  public static WebServer start(HttpServerConfig config, Routes routes, RequestLog log,
      java.util.function.Function<HttpError, Response> refusals) throws IOException {
    return start(config, routes, log, refusals, null);
  }

  /** As above, with who sent each request decided by {@code authenticator} instead of the config's token. */
  public static WebServer start(HttpServerConfig config, Routes routes, RequestLog log,
      java.util.function.Function<HttpError, Response> refusals, Authenticator authenticator) throws IOException {
    WebServer s = new WebServer(config, routes, log, refusals, authenticator);
    try {
      s.server.start();
    } catch (IOException e) {
      s.close();
      throw e;
    } catch (Exception e) {
      s.close();
      throw new IOException(e.getMessage(), e);
    }
    int port = s.port();
    s.allowedHosts = config.hostNames().stream().map(h -> (h + ":" + port).toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
    return s;
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** The URL clients use, with the first host name. */
  public URI url() {
    return URI.create((config.tls().isPresent() ? "https://" : "http://") + config.hostNames().get(0) + ":" + port());
  }

  /** Open streamed responses (event subscribers). */
  public int openStreams() {
    return streams.size();
  }

  @Override
  public void close() {
    for (JettyStream s : streams) {
      s.close();
    }
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the HTTP server: {}", e.toString());
    }
  }

  private final class Dispatch extends Handler.Abstract {
    @Override
    public boolean handle(org.eclipse.jetty.server.Request jr, org.eclipse.jetty.server.Response jresp,
        Callback callback) {
      long t0 = System.nanoTime();
      Request request = new Request(jr.getMethod(), jr.getHttpURI().getDecodedPath(), Map.of(),
          query(jr.getHttpURI().getQuery()), headers(jr.getHeaders()), new byte[0],
          org.eclipse.jetty.server.Request.getRemoteAddr(jr) + ":" + org.eclipse.jetty.server.Request.getRemotePort(jr),
          Request.ANONYMOUS);
      String route = null;
      Response response;
      try {
        checkHost(request);
        request = authenticate(request);
        Routes.Match match = routes.resolve(request.method(), request.path())
            .orElseThrow(() -> HttpError.of(404, "HTTP 404 Not Found"));
        route = match.route().pattern();
        request = request.withParams(match.params());
        if (match.route().stream() != null) {
          Optional<Response> refused = stream(jr, jresp, callback, request, match.route().stream());
          if (refused.isEmpty()) {
            log.completed(request, route, 200, System.nanoTime() - t0);
            return true;
          }
          response = refused.get();
        } else if (checkBody(jr, request)) {
          readBodyThenHandle(jr, jresp, callback, request, match, t0);
          return true;
        } else {
          response = invoke(match, request);
        }
      } catch (HttpError e) {
        response = refusals.apply(e);
      } catch (RuntimeException e) {
        LOG.error("{} {} failed", request.method(), request.path(), e);
        response = refusals.apply(HttpError.of(500, "internal error: " + e));
      }
      // Logged before the answer goes out: a client that has its answer can rely on the line.
      log.completed(request, route, response.status(), System.nanoTime() - t0);
      writeResponse(jresp, response, callback);
      return true;
    }
  }

  private Response invoke(Routes.Match match, Request request) {
    try {
      return match.route().handler().handle(request);
    } catch (HttpError e) {
      return e.response();
    } catch (Exception e) {
      LOG.error("{} {} failed", request.method(), request.path(), e);
      return refusals.apply(HttpError.of(500, "internal error: " + e));
    }
  }

  /**
   * Reads the body without holding a worker (a client that stalls mid-body holds a socket, not a
   * thread), at most the limit, then runs the handler on a worker.
   */
  private void readBodyThenHandle(org.eclipse.jetty.server.Request jr, org.eclipse.jetty.server.Response jresp,
      Callback callback, Request request, Routes.Match match, long t0) {
    Content.Source.asByteArrayAsync(jr, config.maxBodyBytes()).whenComplete((body, failure) ->
        server.getThreadPool().execute(() -> {
          Response response;
          Request full = request;
          if (failure == null) {
            full = request.withBody(body);
            response = invoke(match, full);
          } else if (!jresp.isCommitted() && isTooLarge(failure)) {
            response = refusals.apply(tooLarge(-1));
          } else {
            // The client went away or stalled past the idle timeout; the answer is for the log.
            response = HttpError.of(400, "the request body could not be read: " + cause(failure)).response();
          }
          log.completed(full, match.route().pattern(), response.status(), System.nanoTime() - t0);
          writeResponse(jresp, response, callback);
        }));
  }

  private static String cause(Throwable failure) {
    Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static boolean isTooLarge(Throwable failure) {
    Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return t instanceof IllegalArgumentException || t instanceof IllegalStateException;
  }

  private void checkHost(Request request) {
    String host = request.header("host").orElse("").toLowerCase(Locale.ROOT);
    if (!allowedHosts.contains(host)) {
      throw HttpError.of(421, "Host '" + host + "' is not this server: address it as " + url()
          + " (requests naming another host are refused, against DNS rebinding)");
    }
  }

  private Request authenticate(Request request) {
    String who = authenticator.authenticate(request);
    return who.equals(request.principal()) ? request : request.as(who);
  }

  private String tokenAuthentication(Request request) {
    if (config.token().isEmpty()) {
      return request.principal();
    }
    Optional<String> given = Tokens.fromAuthorization(request.header("authorization").orElse(null));
    if (given.isEmpty() || !Tokens.matches(config.token().get(), given.get())) {
      String why = given.isEmpty() ? "no token given" : "the token is not valid";
      throw HttpError.of(401, "Not Authenticated: " + why + "; send 'Authorization: token=<token>', "
          + "'Authorization: Bearer <token>' or Basic with the token as password, with the token of this server",
          Map.of("WWW-Authenticate", "Bearer realm=\"" + config.realm() + "\""));
    }
    return "token";
  }

  /**
   * Whether the request has a body to read; refuses non-JSON bodies (415) and bodies announced
   * larger than the limit (413) before reading any of it.
   */
  private boolean checkBody(org.eclipse.jetty.server.Request jr, Request request) {
    long length = jr.getLength();
    boolean chunked = jr.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    boolean hasBody = length > 0 || chunked;
    boolean bodyMethod = BODY_METHODS.contains(request.method());
    Optional<String> type = request.header("content-type");
    if (bodyMethod && (hasBody || type.isPresent()) && !type.map(WebServer::isJson).orElse(false)) {
      throw HttpError.of(415, "HTTP 415 Unsupported Media Type: send the body as application/json (Content-Type: "
          + type.orElse("none") + ")");
    }
    if (length > config.maxBodyBytes()) {
      throw tooLarge(length);
    }
    return hasBody;
  }

  private HttpError tooLarge(long length) {
    return HttpError.of(413, "Request Entity Too Large: the body " + (length >= 0 ? "of " + length + " bytes " : "")
        + "exceeds the limit of " + config.maxBodyBytes() + " bytes");
  }

  static boolean isJson(String contentType) {
    String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
  }

  private Optional<Response> stream(org.eclipse.jetty.server.Request jr, org.eclipse.jetty.server.Response jresp,
      Callback callback, Request request, StreamHandler handler) {
    JettyStream stream = new JettyStream(request, jresp, callback, config.streamQueueBytes());
    streams.add(stream);
    stream.onClose(() -> streams.remove(stream));
    // A client that disconnects ends the stream at once, not at the next write.
    jr.addFailureListener(stream::fail);
    try {
      handler.handle(request, stream);
    } catch (HttpError e) {
      if (!stream.opened()) {
        streams.remove(stream);
        return Optional.of(e.response());
      }
      stream.close();
    } catch (Exception e) {
      LOG.error("{} {} failed", request.method(), request.path(), e);
      if (!stream.opened()) {
        streams.remove(stream);
        return Optional.of(HttpError.of(500, "internal error: " + e).response());
      }
      stream.close();
    }
    if (!stream.opened()) {
      streams.remove(stream);
      return Optional.of(HttpError.of(500, "internal error: the stream handler did not open the stream").response());
    }
    return Optional.empty();
  }

  private static void writeResponse(org.eclipse.jetty.server.Response jresp, Response r, Callback callback) {
    jresp.setStatus(r.status());
    HttpFields.Mutable h = jresp.getHeaders();
    if (r.contentType() != null) {
      h.put(HttpHeader.CONTENT_TYPE, r.contentType());
    }
    r.headers().forEach(h::put);
    byte[] body = r.bodyBytes();
    h.put(HttpHeader.CONTENT_LENGTH, String.valueOf(body.length));
    jresp.write(true, ByteBuffer.wrap(body), callback);
  }

  private static Map<String, List<String>> headers(HttpFields fields) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (HttpField f : fields) {
      out.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>()).add(f.getValue());
    }
    return out;
  }

  /** Query parameters in order; a key without {@code =} has the empty value. */
  static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      } catch (IllegalArgumentException e) {
        throw HttpError.of(400, "the query parameter '" + pair + "' is not URL-encoded correctly");
      }
    }
    return out;
  }

  /** Jetty's own refusals (bad request line, 431 head too large...) in the same JSON shape. */
  private final class JsonErrors extends ErrorHandler {
    @Override
    public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
        Callback callback) {
      int status = response.getStatus();
      Object message = request.getAttribute(ERROR_MESSAGE);
      String text = "HTTP " + status + (message == null ? "" : " " + message);
      writeResponse(response, refusals.apply(HttpError.of(status, text)), callback);
      return true;
    }
  }

  /**
   * Closes a new connection that has not completed a request head in time, so that clients which
   * open connections and stall (slowloris) hold a socket for seconds, not for the idle timeout.
   */
  private final class HeaderTimeout implements Connection.Listener {
    private final long millis;

    HeaderTimeout(long millis) {
      this.millis = millis;
    }

    @Override
    public void onOpened(Connection connection) {
      Scheduler scheduler = connector.getScheduler();
      scheduler.schedule(() -> {
        if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) {
          LOG.debug("closing {}: no complete request within {} ms", connection.getEndPoint().getRemoteSocketAddress(),
              millis);
          connection.getEndPoint().close();
        }
      }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
      // Nothing to release: the scheduled check finds the connection closed.
    }
  }
}
