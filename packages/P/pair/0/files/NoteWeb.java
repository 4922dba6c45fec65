import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The pair package's web front end: finds the store at the URL the instance's env file exports,
 * shows its notes on "/", adds one with "/add?text=...", and is healthy only while the store answers.
 */
public final class NoteWeb {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(arg(args, "--port"));
    String store = arg(args, "--store");
    String title = Files.readString(Path.of(arg(args, "--title-file"))).strip();
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/health", ex -> {
      try {
        call(HttpRequest.newBuilder(URI.create(store + "/health")).build());
        reply(ex, 200, "ok\n", "text/plain");
      } catch (IOException e) {
        reply(ex, 503, "store unreachable: " + e.getMessage() + "\n", "text/plain");
      }
    });
    server.createContext("/add", ex -> {
      String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
      String text = URLDecoder.decode(query.replaceFirst("^text=", ""), StandardCharsets.UTF_8);
      try {
        call(HttpRequest.newBuilder(URI.create(store + "/notes")).POST(HttpRequest.BodyPublishers.ofString(text)).build());
        reply(ex, 200, "added\n", "text/plain");
      } catch (IOException e) {
        reply(ex, 502, "store unreachable\n", "text/plain");
      }
    });
    server.createContext("/", ex -> {
      try {
        String notes = call(HttpRequest.newBuilder(URI.create(store + "/notes")).build());
        StringBuilder html = new StringBuilder("<!doctype html><title>" + title + "</title><h1>" + title + "</h1>")
            .append("<p>store: <span id=\"store\">").append(store).append("</span></p><ul>");
        for (String line : notes.split("\n")) {
          if (!line.isBlank()) {
            html.append("<li>").append(line.replace("<", "&lt;")).append("</li>");
          }
        }
        reply(ex, 200, html.append("</ul>").toString(), "text/html; charset=utf-8");
      } catch (IOException e) {
        reply(ex, 502, "store unreachable\n", "text/plain");
      }
    });
    server.start();
    System.out.println("web: serving on port " + port + ", store at " + store);
  }

  private static String call(HttpRequest request) throws IOException {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IOException("store answered " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  static String arg(String[] args, String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    throw new IllegalArgumentException("missing " + name);
  }

  private static void reply(HttpExchange ex, int status, String body, String type) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
