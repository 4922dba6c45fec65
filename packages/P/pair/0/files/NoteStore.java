import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The pair package's store: POST /notes adds a note (one file each, written atomically), GET /notes lists them. */
public final class NoteStore {
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(arg(args, "--port"));
    Path data = Path.of(arg(args, "--data"));
    Files.createDirectories(data);
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/health", ex -> reply(ex, 200, "ok\n"));
    server.createContext("/notes", ex -> {
      if (ex.getRequestMethod().equals("POST")) {
        String text = new String(ex.getRequestBody().readNBytes(10_000), StandardCharsets.UTF_8).strip();
        Path tmp = Files.createTempFile(data, ".note", ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, data.resolve(System.nanoTime() + ".txt"), StandardCopyOption.ATOMIC_MOVE);
        reply(ex, 201, "added\n");
      } else {
        try (Stream<Path> notes = Files.list(data)) {
          String all = notes.filter(p -> p.toString().endsWith(".txt")).sorted().map(NoteStore::read)
              .collect(Collectors.joining("\n"));
          reply(ex, 200, all.isEmpty() ? "" : all + "\n");
        }
      }
    });
    server.start();
    System.out.println("store: serving " + data + " on port " + port);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
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

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
