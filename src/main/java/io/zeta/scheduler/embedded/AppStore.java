package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's app definitions, one JSON file per app, each replaced atomically. The file name is
 * the app's safe path ({@code /a/b} is {@code a_b.json}); ids cannot contain '_', so names never clash.
 */
final class AppStore {
  private static final Logger LOG = LoggerFactory.getLogger(AppStore.class);
  private final Path dir;

  AppStore(Path dir) {
    this.dir = dir;
  }

  void save(StoredApp app) {
    try {
      AtomicFiles.write(file(AppId.parse(app.definition().get("id").asText())), Json.prettyBytes(app.toJson()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store app " + app.definition().get("id").asText(), e);
    }
  }

  void delete(AppId id) {
    try {
      Files.deleteIfExists(file(id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the stored app " + id, e);
    }
  }

  List<StoredApp> loadAll() {
    List<StoredApp> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        try {
          JsonNode doc = Json.parse(Files.readAllBytes(f), f.toString());
          out.add(StoredApp.fromJson(doc));
        } catch (RuntimeException e) {
          LOG.error("skipping the unreadable app file {}: {}", f, e.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stored apps in " + dir, e);
    }
    return out;
  }

  private Path file(AppId id) {
    return dir.resolve(id.canonical().safePath() + ".json");
  }
}
