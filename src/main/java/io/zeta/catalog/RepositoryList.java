package io.zeta.catalog;

import io.zeta.ZetaException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An ordered list of repositories (first = highest priority), kept in a {@link Store}: the
 * user's Zeta directory before a cluster exists, the cluster's kstore after.
 */
public final class RepositoryList {
  /** Where a list is kept. {@code update} must apply the change atomically. */
  public interface Store {
    List<RepositoryRef> read();

    void update(UnaryOperator<List<RepositoryRef>> change);

    /** Says where the list lives, for messages. */
    String describe();
  }

  private final Store store;

  public RepositoryList(Store store) {
    this.store = store;
  }

  public List<RepositoryRef> list() {
    return store.read();
  }

  public String describe() {
    return store.describe();
  }

  /**
   * Adds a repository at {@code index} (0 = highest priority; null = last), as Cosmos does.
   * The caller checks that the repository can be opened before adding it.
   */
  public List<RepositoryRef> add(RepositoryRef ref, Integer index) {
    List<RepositoryRef> result = new ArrayList<>();
    store.update(current -> {
      for (RepositoryRef r : current) {
        if (r.name().equals(ref.name())) {
          throw new ZetaException("a repository named " + ref.name() + " already exists (" + r.uri() + ")",
              "remove it first with `zeta package repo remove " + ref.name() + "`", null);
        }
      }
      for (RepositoryRef r : current) {
        if (r.uri().equals(ref.uri())) {
          throw new ZetaException("repository " + ref.uri() + " is already added as " + r.name());
        }
      }
      int at = index == null ? current.size() : index;
      if (at < 0 || at > current.size()) {
        throw new ZetaException("--index " + at + " is out of range: use 0 to " + current.size());
      }
      List<RepositoryRef> next = new ArrayList<>(current);
      next.add(at, ref);
      result.addAll(next);
      return next;
    });
    return result;
  }

  public List<RepositoryRef> remove(String name) {
    List<RepositoryRef> result = new ArrayList<>();
    store.update(current -> {
      List<RepositoryRef> next = new ArrayList<>(current);
      if (!next.removeIf(r -> r.name().equals(name))) {
        throw new ZetaException("no repository named " + name + " in " + store.describe(),
            "see `zeta package repo list`", null);
      }
      result.addAll(next);
      return next;
    });
    return result;
  }
}
