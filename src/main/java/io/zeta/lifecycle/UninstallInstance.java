package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Access.Action;
import io.zeta.cluster.ClusterIndex;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.Locks;
import io.zeta.cluster.Names;
import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code zeta package uninstall}: stops and destroys the instance's scheduler apps, then removes
 * its configuration and env file, keeping its persistent directories and instance.json with state
 * {@code removed}; with {@code purge}, removes the whole home. Every step can be repeated, so
 * {@code zeta cluster doctor} finishes a crashed uninstall by running it again.
 */
public final class UninstallInstance {
  private static final java.time.Duration DESTROY_TIMEOUT = java.time.Duration.ofMinutes(5);
  private final Cluster cluster;
  private final AppRuntime runtime;

  public UninstallInstance(Cluster cluster, AppRuntime runtime) {
    this.cluster = cluster;
    this.runtime = runtime;
  }

  public record Result(InstanceEntry entry, boolean purged) {}

  public Result run(String role, String id, boolean purge) throws IOException {
    Names.role(role);
    Names.instanceId(id);
    cluster.access().require(Action.UNINSTALL, role);
    ObjectNode intent = Json.object();
    intent.put("role", role);
    intent.put("id", id);
    intent.put("purge", purge);
    try (Locks.Lock lock = cluster.locks().acquire("instance@" + role + "@" + id, "uninstall", intent)) {
      InstanceEntry entry = cluster.index().instance(role, id).orElseThrow(() -> new ZetaException(
          "no instance " + role + "/" + id + " is installed", "see `zeta package list --role " + role + "`", null));
      if (entry.state() == StoredState.REMOVED && !purge) {
        throw new ZetaException(role + "/" + id + " is already removed (its data is kept in " + entry.home() + ")",
            "delete the data too with `zeta package uninstall " + role + "/" + id + " --purge`", null);
      }
      if (entry.state() == StoredState.INSTALLED) {
        // An instance that was never started has nothing on the scheduler: no need to reach it.
        Optional<SchedulerMarker> started = SchedulerMarker.read(cluster.storage(), entry.home());
        if (started.isPresent()) {
          runtime.destroy(appIds(entry), DESTROY_TIMEOUT);
        }
      }
      lock.phase("removing"); // from here on, an interrupted uninstall is finished, not abandoned
      finish(cluster, entry, purge);
      return new Result(entry, purge);
    }
  }

  private List<String> appIds(InstanceEntry entry) throws IOException {
    return readRecord(cluster.storage(), entry.home()).map(InstanceRecord::appIds)
        .orElse(List.of("/" + entry.role() + "/" + entry.id()));
  }

  /** The storage steps of an uninstall; each is harmless to repeat. */
  static void finish(Cluster cluster, InstanceEntry entry, boolean purge) throws IOException {
    Storage storage = cluster.storage();
    String home = entry.home();
    ClusterIndex index = cluster.index();
    storage.delete(ClusterLayout.envFile(entry.role(), entry.pkg(), entry.id()), false);
    if (purge) {
      storage.delete(home, true);
      index.remove(entry);
      index.remove(entry.withState(entry.state() == StoredState.INSTALLED ? StoredState.REMOVED : StoredState.INSTALLED));
      deleteIfEmpty(storage, ClusterLayout.packageDir(entry.baseDir(), entry.role(), entry.pkg()));
      return;
    }
    Optional<InstanceRecord> record = readRecord(storage, home);
    List<String> persistent = record.map(InstanceRecord::persistentDirs).orElse(List.of());
    keepOnly(storage, home, "", persistent);
    if (record.isPresent() && !"removed".equals(record.get().state())) {
      storage.write(home + "/" + InstanceRecord.FILE, Json.prettyBytes(record.get().removed(Instant.now().toString())),
          ClusterLayout.INSTANCE_FILE_MODE);
    }
    if (entry.state() == StoredState.INSTALLED) {
      index.setState(entry, StoredState.REMOVED);
    }
  }

  /** Deletes everything in a home but instance.json and the persistent directories (and their parents). */
  static void keepOnly(Storage storage, String home, String rel, List<String> persistent) throws IOException {
    for (FileInfo f : storage.list(rel.isEmpty() ? home : home + "/" + rel)) {
      String child = (rel.isEmpty() ? "" : rel + "/") + f.name();
      if (child.equals(InstanceRecord.FILE) || persistent.contains(child)) {
        continue;
      }
      if (f.directory() && persistent.stream().anyMatch(p -> p.startsWith(child + "/"))) {
        keepOnly(storage, home, child, persistent);
      } else {
        storage.delete(home + "/" + child, true);
      }
    }
  }

  static Optional<InstanceRecord> readRecord(Storage storage, String home) throws IOException {
    try {
      String path = home + "/" + InstanceRecord.FILE;
      return Optional.of(Json.read(storage.read(path), InstanceRecord.class, path));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  static void deleteIfEmpty(Storage storage, String dir) throws IOException {
    if (storage.exists(dir) && storage.list(dir).isEmpty()) {
      storage.delete(dir, false);
    }
  }
}
