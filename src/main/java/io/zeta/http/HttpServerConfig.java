package io.zeta.http;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a {@link WebServer} listens and what it refuses before any handler runs.
 *
 * @param bindAddress where to listen (the agent: loopback only)
 * @param port the port; 0 picks a free one
 * @param hostNames the names a request's {@code Host} header may give (with the server's port), so
 *     that a page served from another name (DNS rebinding) cannot talk to the server
 * @param token the secret every request must present ({@code Authorization: token=<t>} or
 *     {@code Bearer <t>}); empty for a server without authentication
 * @param realm the realm named in {@code WWW-Authenticate}
 * @param maxBodyBytes larger request bodies get 413, before they are read
 * @param maxHeaderBytes larger request heads get 431
 * @param idleTimeout a connection without traffic for this long is closed
 * @param headerTimeout a new connection that has not sent a complete request head by then is closed
 * @param maxThreads the worker pool's size (Jetty's acceptor and selector included)
 * @param maxConnections connections beyond this wait in the accept backlog; with HTTP/1.1 each
 *     connection has one request at a time, so this also bounds the requests waiting for a worker
 * @param streamQueueBytes bytes a streamed response may have waiting for a slow client before it is dropped
 * @param tls the server's certificate and key: HTTPS when present, plain HTTP when empty
 */
public record HttpServerConfig(InetAddress bindAddress, int port, List<String> hostNames, Optional<String> token,
    String realm, int maxBodyBytes, int maxHeaderBytes, Duration idleTimeout, Duration headerTimeout, int maxThreads,
    int maxConnections, int streamQueueBytes, Optional<TlsIdentity> tls) {
  public static final int DEFAULT_MAX_BODY = 1 << 20;

  public HttpServerConfig {
    hostNames = List.copyOf(hostNames);
    tls = tls == null ? Optional.empty() : tls;
    if (maxThreads < 4) {
      throw new IllegalArgumentException("the server needs at least 4 threads (acceptor, selector, workers)");
    }
  }

  /** A server on the loopback interface, answering to 127.0.0.1, localhost and [::1]. */
  public static HttpServerConfig loopback(int port) {
    return new HttpServerConfig(InetAddress.getLoopbackAddress(), port, List.of("127.0.0.1", "localhost", "[::1]"),
        Optional.empty(), "zeta", DEFAULT_MAX_BODY, 16 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(10), 16,
        256, 4 << 20, Optional.empty());
  }

  public HttpServerConfig withToken(String newToken) {
    return new HttpServerConfig(bindAddress, port, hostNames, Optional.ofNullable(newToken), realm, maxBodyBytes,
        maxHeaderBytes, idleTimeout, headerTimeout, maxThreads, maxConnections, streamQueueBytes, tls);
  }

  public HttpServerConfig withRealm(String newRealm) {
    return new HttpServerConfig(bindAddress, port, hostNames, token, newRealm, maxBodyBytes, maxHeaderBytes,
        idleTimeout, headerTimeout, maxThreads, maxConnections, streamQueueBytes, tls);
  }

  public HttpServerConfig withMaxBodyBytes(int bytes) {
    return new HttpServerConfig(bindAddress, port, hostNames, token, realm, bytes, maxHeaderBytes, idleTimeout,
        headerTimeout, maxThreads, maxConnections, streamQueueBytes, tls);
  }

  public HttpServerConfig withStreamQueueBytes(int bytes) {
    return new HttpServerConfig(bindAddress, port, hostNames, token, realm, maxBodyBytes, maxHeaderBytes, idleTimeout,
        headerTimeout, maxThreads, maxConnections, bytes, tls);
  }

  /** Serves HTTPS with this certificate and key. */
  public HttpServerConfig withTls(TlsIdentity identity) {
    return new HttpServerConfig(bindAddress, port, hostNames, token, realm, maxBodyBytes, maxHeaderBytes, idleTimeout,
        headerTimeout, maxThreads, maxConnections, streamQueueBytes, Optional.of(identity));
  }

  /** Listens on another address, answering to the given host names (the first is the one URLs name). */
  public HttpServerConfig withBind(InetAddress address, List<String> names) {
    return new HttpServerConfig(address, port, names, token, realm, maxBodyBytes, maxHeaderBytes, idleTimeout,
        headerTimeout, maxThreads, maxConnections, streamQueueBytes, tls);
  }

  public HttpServerConfig withTimeouts(Duration idle, Duration header) {
    return new HttpServerConfig(bindAddress, port, hostNames, token, realm, maxBodyBytes, maxHeaderBytes, idle,
        header, maxThreads, maxConnections, streamQueueBytes, tls);
  }
}
