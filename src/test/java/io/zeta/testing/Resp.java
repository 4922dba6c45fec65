package io.zeta.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw RESP (redis protocol) client for tests: sends one command as an array of bulk strings and
 * reads one reply, so that a test speaks to redis over a plain socket, without a client library.
 * Replies come back as their first line ({@code +PONG}, {@code -ERR ...}, {@code :1}); a bulk string
 * as {@code $<length> <value>}.
 */
public final class Resp {
  private Resp() {}

  public static String ping(String host, int port) throws IOException {
    return command(host, port, "PING");
  }

  public static String command(String host, int port, String... args) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 5000);
      s.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        req.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      String first = line(in);
      if (first.startsWith("$") && !first.equals("$-1")) {
        return first + " " + line(in);
      }
      return first;
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read(); // \n
        break;
      }
      b.write(c);
    }
    if (c == -1 && b.size() == 0) {
      throw new IOException("the server closed the connection without a reply");
    }
    return b.toString(StandardCharsets.UTF_8);
  }
}
