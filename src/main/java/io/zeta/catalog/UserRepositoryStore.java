package io.zeta.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The repository list of a user without a cluster: {@code repositories.json} in the user's Zeta
 * directory. Updates hold a file lock and replace the file with one rename.
 */
public final class UserRepositoryStore implements RepositoryList.Store {
  private final Path file;

  public UserRepositoryStore(Path zetaHome) {
    this.file = zetaHome.resolve("repositories.json");
  }

  @Override
  public List<RepositoryRef> read() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      Map<String, List<RepositoryRef>> doc = Json.MAPPER.readValue(file.toFile(),
          new TypeReference<Map<String, List<RepositoryRef>>>() {});
      List<RepositoryRef> list = doc.get("repositories");
      return list == null ? List.of() : List.copyOf(list);
    } catch (IOException e) {
      throw new ZetaException(file + ": unreadable repository list: " + e.getMessage(),
          "fix or delete the file", e);
    }
  }

  @Override
  public void update(UnaryOperator<List<RepositoryRef>> change) {
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel lockFile = FileChannel.open(file.resolveSibling(".repositories.lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        List<RepositoryRef> next = change.apply(read());
        Path tmp = Files.createTempFile(file.getParent(), ".repositories", ".tmp");
        Files.write(tmp, Json.prettyBytes(Map.of("repositories", next)));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String describe() {
    return file.toString();
  }
}
