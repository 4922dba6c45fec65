import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The kv package's server: PUT, GET and DELETE /kv/KEY, one file per key in the data directory,
 * each write made durable (fsync) and atomic (temp file, then rename). GET /health says ok.
 */
public final class KvServer {
  private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9._-]{1,200}$");

  public static void main(String[] args) throws IOException {
    Properties config = new Properties();
    try (InputStream in = new FileInputStream(args.length > 1 ? args[1] : "kv.properties")) {
      config.load(in);
    }
    int port = Integer.parseInt(config.getProperty("port"));
    Path data = Path.of(config.getProperty("data"));
    long max = Long.parseLong(config.getProperty("max_value_bytes", "1048576"));
    Files.createDirectories(data);
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/health", ex -> reply(ex, 200, "ok\n"));
    server.createContext("/kv/", ex -> handle(ex, data, max));
    server.start();
    System.out.println("kv: serving " + data + " on port " + port);
  }

  private static void handle(HttpExchange ex, Path data, long max) throws IOException {
    String key = ex.getRequestURI().getPath().substring("/kv/".length());
    if (!KEY.matcher(key).matches()) {
      reply(ex, 400, "bad key\n");
      return;
    }
    Path file = data.resolve(key);
    switch (ex.getRequestMethod()) {
      case "GET" -> {
        if (Files.exists(file)) {
          reply(ex, 200, Files.readString(file, StandardCharsets.UTF_8));
        } else {
          reply(ex, 404, "no such key\n");
        }
      }
      case "PUT", "POST" -> {
        byte[] body = ex.getRequestBody().readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE));
        if (body.length > max) {
          reply(ex, 413, "value too large\n");
          return;
        }
        Path tmp = data.resolve("." + key + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
          ch.write(java.nio.ByteBuffer.wrap(body));
          ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        reply(ex, 204, "");
      }
      case "DELETE" -> {
        reply(ex, Files.deleteIfExists(file) ? 204 : 404, "");
      }
      default -> reply(ex, 405, "method not allowed\n");
    }
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (status != 204) {
        out.write(bytes);
      }
    }
  }
}
