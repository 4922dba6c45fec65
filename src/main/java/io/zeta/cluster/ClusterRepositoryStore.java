package io.zeta.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.zeta.catalog.RepositoryList;
import io.zeta.catalog.RepositoryRef;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A cluster's repository list, {@code /zeta/kstore/repositories.json}, changed under a lock. */
public final class ClusterRepositoryStore implements RepositoryList.Store {
  private final Storage storage;
  private final Locks locks;

  public ClusterRepositoryStore(Storage storage, Locks locks) {
    this.storage = storage;
    this.locks = locks;
  }

  @Override
  public List<RepositoryRef> read() {
    try {
      Map<String, List<RepositoryRef>> doc = Json.MAPPER.readValue(storage.read(ClusterLayout.REPOSITORIES),
          new TypeReference<Map<String, List<RepositoryRef>>>() {});
      List<RepositoryRef> list = doc.get("repositories");
      return list == null ? List.of() : List.copyOf(list);
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void update(UnaryOperator<List<RepositoryRef>> change) {
    try (Locks.Lock lock = locks.acquire("repositories", "repo update", null)) {
      List<RepositoryRef> next = change.apply(read());
      storage.write(ClusterLayout.REPOSITORIES, Json.prettyBytes(Map.of("repositories", next)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String describe() {
    return "cluster " + storage.rootUri();
  }
}
