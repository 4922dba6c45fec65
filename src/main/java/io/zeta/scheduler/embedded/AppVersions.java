package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The previous versions of each app, for {@code GET /v2/apps/{id}/versions}, rollbacks by
 * version and deployment rollbacks: one file per version in a directory per app, the newest
 * {@link #KEPT} kept (Marathon keeps a bounded history too, {@code --max_versions}). A version is
 * a Marathon timestamp; its file is named by its epoch milliseconds, zero-padded, so that names
 * sort by time and hold no ':' (which Hadoop paths and some file systems refuse).
 */
final class AppVersions {
  static final int KEPT = 50;
  private static final Logger LOG = LoggerFactory.getLogger(AppVersions.class);
  private final Path dir;

  AppVersions(Path dir) {
    this.dir = dir;
  }

  void add(StoredApp app) {
    AppId id = AppId.parse(app.definition().get("id").asText());
    Path appDir = dir.resolve(id.canonical().safePath());
    try {
      Files.createDirectories(appDir);
      AtomicFiles.write(appDir.resolve(fileName(app.version()).orElseThrow()), Json.prettyBytes(app.toJson()));
      List<Path> all = files(appDir);
      for (Path old : all.subList(0, Math.max(0, all.size() - KEPT))) {
        Files.deleteIfExists(old);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store version " + app.version() + " of app " + id, e);
    }
  }

  /** The versions kept, newest first. */
  List<String> list(AppId id) {
    Path appDir = dir.resolve(id.safePath());
    if (!Files.isDirectory(appDir)) {
      return List.of();
    }
    try {
      return files(appDir).stream().map(p -> p.getFileName().toString().replaceFirst("\\.json$", ""))
          .sorted(Comparator.reverseOrder()).map(n -> MarathonTime.format(Instant.ofEpochMilli(Long.parseLong(n))))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the versions of app " + id, e);
    }
  }

  Optional<StoredApp> get(AppId id, String version) {
    Optional<String> name = fileName(version);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Path file = dir.resolve(id.safePath()).resolve(name.get());
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode doc = Json.parse(Files.readAllBytes(file), file.toString());
      return Optional.of(StoredApp.fromJson(doc));
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read version {} of app {}: {}", version, id, e.toString());
      return Optional.empty();
    }
  }

  /** Marathon forgets the versions of a deleted app. */
  void deleteAll(AppId id) {
    AppSupervisor.deleteTree(dir.resolve(id.safePath()));
  }

  /** The file of a version; empty when it is not a timestamp (so nothing else reaches the file system). */
  private static Optional<String> fileName(String version) {
    try {
      return Optional.of(String.format("%015d.json", Instant.parse(version).toEpochMilli()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static List<Path> files(Path appDir) throws IOException {
    try (Stream<Path> s = Files.list(appDir)) {
      return s.filter(p -> p.getFileName().toString().matches("[0-9]+\\.json")).sorted().toList();
    }
  }
}
