package io.zeta.cluster;

import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An index of instances and stages kept so that {@code status} costs one directory listing per
 * kind, however many instances there are: each entry is an empty file whose name carries the
 * facts ({@code team1@web1@hello@1.0.0@apps@installed}). Every write of an instance or stage
 * updates its entry; the tree stays the truth, and {@code zeta cluster doctor} rebuilds the index
 * from it. '@' cannot appear in any of the names, which {@link Names} guarantees.
 */
public final class ClusterIndex {
  private static final String SEP = "@";

  private final Storage storage;

  public ClusterIndex(Storage storage) {
    this.storage = storage;
  }

  /** The stored state of an instance: installed, or removed with its data kept. */
  public enum StoredState {
    INSTALLED, REMOVED;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Optional<StoredState> of(String id) {
      for (StoredState s : values()) {
        if (s.id().equals(id)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  /** One instance, as the index names it. */
  public record InstanceEntry(String role, String id, String pkg, String version, String baseDir, StoredState state) {
    public String fileName() {
      return String.join(SEP, role, id, pkg, version, baseDir, state.id());
    }

    public String home() {
      return ClusterLayout.instanceHome(baseDir, role, pkg, id);
    }

    public InstanceEntry withState(StoredState next) {
      return new InstanceEntry(role, id, pkg, version, baseDir, next);
    }
  }

  /** One staged package version. */
  public record StageEntry(String pkg, String version) {
    public String fileName() {
      return pkg + SEP + version;
    }
  }

  public List<InstanceEntry> instances() {
    List<InstanceEntry> out = new ArrayList<>();
    for (FileInfo f : list(ClusterLayout.INDEX_INSTANCES)) {
      String[] p = f.name().split(SEP, -1);
      if (p.length == 6) {
        StoredState.of(p[5]).ifPresent(s -> out.add(new InstanceEntry(p[0], p[1], p[2], p[3], p[4], s)));
      }
    }
    return out;
  }

  public Optional<InstanceEntry> instance(String role, String id) {
    return instances().stream().filter(e -> e.role().equals(role) && e.id().equals(id)).findFirst();
  }

  public List<StageEntry> stages() {
    List<StageEntry> out = new ArrayList<>();
    for (FileInfo f : list(ClusterLayout.INDEX_STAGES)) {
      String[] p = f.name().split(SEP, -1);
      if (p.length == 2) {
        out.add(new StageEntry(p[0], p[1]));
      }
    }
    return out;
  }

  public void add(InstanceEntry entry) throws IOException {
    storage.createExclusive(ClusterLayout.INDEX_INSTANCES + "/" + entry.fileName(), new byte[0]);
  }

  public void remove(InstanceEntry entry) throws IOException {
    storage.delete(ClusterLayout.INDEX_INSTANCES + "/" + entry.fileName(), false);
  }

  /** Moves an entry to another state with one rename. */
  public InstanceEntry setState(InstanceEntry entry, StoredState state) throws IOException {
    InstanceEntry next = entry.withState(state);
    storage.rename(ClusterLayout.INDEX_INSTANCES + "/" + entry.fileName(), ClusterLayout.INDEX_INSTANCES + "/" + next.fileName());
    return next;
  }

  public void add(StageEntry entry) throws IOException {
    if (!storage.exists(ClusterLayout.INDEX_STAGES + "/" + entry.fileName())) {
      storage.createExclusive(ClusterLayout.INDEX_STAGES + "/" + entry.fileName(), new byte[0]);
    }
  }

  public void remove(StageEntry entry) throws IOException {
    storage.delete(ClusterLayout.INDEX_STAGES + "/" + entry.fileName(), false);
  }

  private List<FileInfo> list(String dir) {
    try {
      return storage.list(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
