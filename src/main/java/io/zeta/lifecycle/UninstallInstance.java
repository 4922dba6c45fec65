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
import java.util.Map;
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
    try (Locks.Lock lock = cluster.locks().acquire(InstanceApps.lockName(role, id), "uninstall", intent)) {
      InstanceEntry entry = entry(role, id, purge);
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

  /**
   * {@code uninstall --dry-run}: the same checks, and the plan of what it would destroy and
   * delete; changes nothing, takes no lock. The scheduler is asked (read only) which of the
   * instance's apps it has; when it cannot be reached the plan says so.
   */
  public Plan dryRun(String role, String id, boolean purge) throws IOException {
    Names.role(role);
    Names.instanceId(id);
    InstanceEntry entry = entry(role, id, purge);
    Plan plan = new Plan("uninstall", role + "/" + id).fact("role", role).fact("id", id).fact("package", entry.pkg())
        .fact("version", entry.version()).fact("baseDir", entry.baseDir()).fact("home", entry.home());
    if (entry.state() == StoredState.INSTALLED) {
      if (SchedulerMarker.read(cluster.storage(), entry.home()).isPresent()) {
        Map<String, String> states = Map.of();
        String unreachable = null;
        try {
          states = runtime.states("/" + role + "/" + id);
        } catch (ZetaException e) {
          unreachable = e.getMessage();
        }
        List<String> ids = appIds(entry);
        for (int i = ids.size() - 1; i >= 0; i--) {
          String app = ids.get(i);
          String state = states.get(app);
          plan.app(Plan.Action.DESTROY, app, unreachable != null ? "if the scheduler has it (" + unreachable + ")"
              : state == null ? "not on the scheduler: nothing to destroy" : "now " + state);
        }
      } else {
        plan.note("never started: the scheduler has no app of it");
      }
    }
    steps(cluster, entry, purge, new Recorded(cluster.storage(), plan));
    return plan;
  }

  private InstanceEntry entry(String role, String id, boolean purge) {
    InstanceEntry entry = cluster.index().instance(role, id).orElseThrow(() -> new ZetaException(
        "no instance " + role + "/" + id + " is installed", "see `zeta package list --role " + role + "`", null));
    if (entry.state() == StoredState.REMOVED && !purge) {
      throw new ZetaException(role + "/" + id + " is already removed (its data is kept in " + entry.home() + ")",
          "delete the data too with `zeta package uninstall " + role + "/" + id + " --purge`", null);
    }
    return entry;
  }

  private List<String> appIds(InstanceEntry entry) throws IOException {
    return readRecord(cluster.storage(), entry.home()).map(InstanceRecord::appIds)
        .orElse(List.of("/" + entry.role() + "/" + entry.id()));
  }

  /** The storage steps of an uninstall; each is harmless to repeat. */
  static void finish(Cluster cluster, InstanceEntry entry, boolean purge) throws IOException {
    // The history goes with the configuration, and with it the data snapshots (HDFS refuses to
    // delete a directory that still has snapshots). A dry run lists neither: they are not files.
    Optional<InstanceRecord> before = readRecord(cluster.storage(), entry.home());
    if (before.isPresent()) {
      Revisions.deleteAllSnapshots(cluster.storage(), entry.home(), before.get().persistentDirs());
    }
    steps(cluster, entry, purge, new Executed(cluster.storage(), cluster.index()));
  }

  /**
   * The storage steps of an uninstall, decided once: {@link Executed} takes them, {@link Recorded}
   * lists them in a dry run's plan.
   */
  private static void steps(Cluster cluster, InstanceEntry entry, boolean purge, Steps steps) throws IOException {
    Storage storage = cluster.storage();
    String home = entry.home();
    String envFile = ClusterLayout.envFile(entry.role(), entry.pkg(), entry.id());
    if (storage.exists(envFile)) {
      steps.delete(envFile, false);
    }
    if (purge) {
      if (storage.exists(home)) {
        steps.delete(home, true);
      }
      steps.unindex(entry);
      steps.unindex(entry.withState(entry.state() == StoredState.INSTALLED ? StoredState.REMOVED : StoredState.INSTALLED));
      String packageDir = ClusterLayout.packageDir(entry.baseDir(), entry.role(), entry.pkg());
      List<FileInfo> left = storage.list(packageDir);
      if (storage.exists(packageDir) && left.stream().allMatch(f -> f.path().equals(home))) {
        steps.deleteIfEmpty(packageDir);
      }
      return;
    }
    Optional<InstanceRecord> record = readRecord(storage, home);
    List<String> persistent = record.map(InstanceRecord::persistentDirs).orElse(List.of());
    keepOnly(storage, home, "", persistent, steps);
    if (record.isPresent() && !"removed".equals(record.get().state())) {
      steps.write(home + "/" + InstanceRecord.FILE, Json.prettyBytes(record.get().removed(Instant.now().toString())),
          ClusterLayout.INSTANCE_FILE_MODE);
    }
    if (entry.state() == StoredState.INSTALLED) {
      steps.setState(entry, StoredState.REMOVED);
    }
  }

  /** What an uninstall does to storage. */
  private interface Steps {
    void delete(String path, boolean recursive) throws IOException;

    /** Deletes a directory that holds nothing once the steps before are done. */
    void deleteIfEmpty(String dir) throws IOException;

    /** A persistent directory the uninstall leaves as it is. */
    void keep(String path) throws IOException;

    void write(String path, byte[] content, int mode) throws IOException;

    void unindex(InstanceEntry entry) throws IOException;

    void setState(InstanceEntry entry, StoredState state) throws IOException;
  }

  private record Executed(Storage storage, ClusterIndex index) implements Steps {
    @Override
    public void delete(String path, boolean recursive) throws IOException {
      storage.delete(path, recursive);
    }

    @Override
    public void deleteIfEmpty(String dir) throws IOException {
      UninstallInstance.deleteIfEmpty(storage, dir);
    }

    @Override
    public void keep(String path) {}

    @Override
    public void write(String path, byte[] content, int mode) throws IOException {
      storage.write(path, content, mode);
    }

    @Override
    public void unindex(InstanceEntry entry) throws IOException {
      index.remove(entry);
    }

    @Override
    public void setState(InstanceEntry entry, StoredState state) throws IOException {
      index.setState(entry, state);
    }
  }

  private record Recorded(Storage storage, Plan plan) implements Steps {
    @Override
    public void delete(String path, boolean recursive) throws IOException {
      boolean dir = storage.info(path).map(FileInfo::directory).orElse(false);
      plan.delete(dir ? Plan.Kind.DIRECTORY : Plan.Kind.FILE, path, dir ? "with everything in it: " + Plan.tally(storage, path) : null);
    }

    @Override
    public void deleteIfEmpty(String dir) {
      plan.delete(Plan.Kind.DIRECTORY, dir, "left empty");
    }

    @Override
    public void keep(String path) throws IOException {
      plan.keep(Plan.Kind.DIRECTORY, path, "persistent data: " + Plan.tally(storage, path));
    }

    @Override
    public void write(String path, byte[] content, int mode) {
      plan.write(Plan.Action.REPLACE, path, mode, content, new String(content, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void unindex(InstanceEntry entry) throws IOException {
      String path = ClusterLayout.INDEX_INSTANCES + "/" + entry.fileName();
      if (storage.exists(path)) {
        plan.index(Plan.Action.REMOVE, path);
      }
    }

    @Override
    public void setState(InstanceEntry entry, StoredState state) {
      plan.index(Plan.Action.REMOVE, ClusterLayout.INDEX_INSTANCES + "/" + entry.fileName());
      plan.index(Plan.Action.ADD, ClusterLayout.INDEX_INSTANCES + "/" + entry.withState(state).fileName());
    }
  }

  /** Deletes everything in a home but instance.json and the persistent directories (and their parents). */
  static void keepOnly(Storage storage, String home, String rel, List<String> persistent) throws IOException {
    keepOnly(storage, home, rel, persistent, new Executed(storage, null));
  }

  private static void keepOnly(Storage storage, String home, String rel, List<String> persistent, Steps steps)
      throws IOException {
    for (FileInfo f : storage.list(rel.isEmpty() ? home : home + "/" + rel)) {
      String child = (rel.isEmpty() ? "" : rel + "/") + f.name();
      if (child.equals(InstanceRecord.FILE)) {
        continue;
      }
      if (persistent.contains(child)) {
        steps.keep(home + "/" + child);
        continue;
      }
      if (f.directory() && persistent.stream().anyMatch(p -> p.startsWith(child + "/"))) {
        keepOnly(storage, home, child, persistent, steps);
      } else {
        steps.delete(home + "/" + child, true);
      }
    }
  }

  public static Optional<InstanceRecord> readRecord(Storage storage, String home) throws IOException {
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
