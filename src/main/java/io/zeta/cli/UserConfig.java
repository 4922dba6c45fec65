package io.zeta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** The user's own settings, {@code ~/.zeta/config.json}: which cluster is current. */
final class UserConfig {
  private final Path file;

  UserConfig(Path home) {
    this.file = home.resolve("config.json");
  }

  Optional<String> currentCluster() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode doc = Json.parse(Files.readAllBytes(file), file.toString());
      return Optional.ofNullable(doc.path("currentCluster").asText(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ZetaException e) {
      throw new ZetaException(e.getMessage(), "fix or delete " + file, null);
    }
  }

  void setCurrentCluster(String uri) {
    try {
      Files.createDirectories(file.getParent());
      ObjectNode doc = Files.exists(file) ? (ObjectNode) Json.parse(Files.readAllBytes(file), file.toString()) : Json.object();
      doc.put("currentCluster", uri);
      Path tmp = Files.createTempFile(file.getParent(), ".config", ".tmp");
      Files.write(tmp, Json.prettyBytes(doc));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
