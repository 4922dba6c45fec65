import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The hello package's server: serves the page Zeta rendered into the instance home (fetched into
 * the sandbox) on "/", and "ok" on "/health". Run with the JDK's source launcher: java HelloServer.java.
 */
public final class HelloServer {
  public static void main(String[] args) throws IOException {
    int port = 8080;
    Path page = Path.of("index.html");
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--page")) {
        page = Path.of(args[i + 1]);
      }
    }
    byte[] body = Files.readAllBytes(page);
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/health", exchange -> reply(exchange, 200, "ok\n".getBytes(StandardCharsets.UTF_8), "text/plain"));
    server.createContext("/", exchange -> reply(exchange, 200, body, "text/html; charset=utf-8"));
    server.start();
    System.out.println("hello: serving " + page + " on port " + port);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body, String type)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
