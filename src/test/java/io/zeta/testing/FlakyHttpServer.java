package io.zeta.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 (a ServerSocket, so it can misbehave as no library server
 * would): per path it serves bytes honestly, cuts the body short, lies in Content-Length, drops
 * the connection once, answers 503, and serves {@code Range: bytes=N-} or ignores it.
 */
public final class FlakyHttpServer implements AutoCloseable {
  /** How a path misbehaves. */
  public enum Mode {
    /** Every response announces the full length and sends half of it. Range is ignored. */
    ALWAYS_SHORT,
    /** The first response is cut after a third; later ones honour Range with 206. */
    DROP_ONCE_THEN_RANGE,
    /** The first response is cut after a third; later ones ignore Range and send everything (200). */
    DROP_ONCE_NO_RANGE,
    /** 503 twice, then the file. */
    UNAVAILABLE_TWICE,
    /** No Content-Length, the body cut after half, connection closed. */
    NO_LENGTH_SHORT,
    /** The file, honestly. */
    OK
  }

  private record Entry(byte[] bytes, Mode mode) {}

  /** A request as the server saw it: its path and Range header (or null). */
  public record Seen(String path, String range) {}

  private final ServerSocket socket;
  private final Map<String, Entry> files = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  public FlakyHttpServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    acceptor = new Thread(this::accept, "flaky-http");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public FlakyHttpServer serve(String path, byte[] bytes, Mode mode) {
    files.put(path, new Entry(bytes, mode));
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> handle(s), "flaky-http-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static final Pattern RANGE = Pattern.compile("^bytes=(\\d+)-$");

  private void handle(Socket s) {
    try (s) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      String request = in.readLine();
      if (request == null) {
        return;
      }
      String path = request.split(" ")[1];
      String range = null;
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        if (line.toLowerCase().startsWith("range:")) {
          range = line.substring(6).strip();
        }
      }
      seen.add(new Seen(path, range));
      OutputStream out = s.getOutputStream();
      Entry e = files.get(path);
      if (e == null) {
        out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return;
      }
      int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      byte[] b = e.bytes();
      int n = b.length;
      switch (e.mode()) {
        case OK -> full(out, b, n);
        case ALWAYS_SHORT -> full(out, b, n / 2);
        case UNAVAILABLE_TWICE -> {
          if (hit <= 2) {
            out.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
          } else {
            full(out, b, n);
          }
        }
        case NO_LENGTH_SHORT -> {
          out.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.write(b, 0, n / 2);
        }
        case DROP_ONCE_NO_RANGE -> full(out, b, hit == 1 ? n / 3 : n);
        case DROP_ONCE_THEN_RANGE -> {
          Matcher m = range == null ? null : RANGE.matcher(range);
          if (hit == 1) {
            full(out, b, n / 3);
          } else if (m != null && m.matches()) {
            int from = Integer.parseInt(m.group(1));
            out.write(("HTTP/1.1 206 Partial Content\r\nContent-Length: " + (n - from) + "\r\nContent-Range: bytes " + from
                + "-" + (n - 1) + "/" + n + "\r\nETag: \"v1\"\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, from, n - from);
          } else {
            full(out, b, n);
          }
        }
      }
      out.flush();
    } catch (IOException ignored) {
      // the client went away
    }
  }

  /** Announces the whole file and sends {@code send} bytes of it, then closes. */
  private static void full(OutputStream out, byte[] b, int send) throws IOException {
    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + b.length + "\r\nAccept-Ranges: bytes\r\nETag: \"v1\"\r\n"
        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(b, 0, send);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
