package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Access.Action;
import io.zeta.cluster.ClusterIndex;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StageEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.LockInfo;
import io.zeta.cluster.Locks;
import io.zeta.cluster.Names;
import io.zeta.cluster.RoleRecord;
import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code zeta cluster doctor}: finds what crashed or interrupted commands left behind and, with
 * {@code repair}, puts the cluster back into a consistent state. Operations whose lock holder is
 * gone are finished (when their publish step happened) or undone (when it did not), using the
 * intent their lock recorded; leftovers built aside are removed; the index is rebuilt from the
 * tree, which is the truth.
 */
public final class Doctor {
  private static final Pattern TEMP_FILE = Pattern.compile("^\\..+\\.[0-9a-f-]{36}\\.tmp$");

  private final Cluster cluster;
  private final Storage storage;

  public Doctor(Cluster cluster) {
    this.cluster = cluster;
    this.storage = cluster.storage();
  }

  /** One problem; {@code repaired} says whether this run fixed it. */
  public record Finding(String problem, String path, boolean repaired) {}

  /** What the doctor saw. {@code inProgress} are operations whose holder still runs: left alone. */
  public record Report(List<Finding> findings, List<LockInfo> inProgress) {
    public boolean healthy() {
      return findings.stream().allMatch(Finding::repaired);
    }
  }

  /**
   * @param staleAfter also treat locks older than this as abandoned, whatever their lease says
   *     (null: only dead holders and expired leases are)
   */
  public Report run(boolean repair, Duration staleAfter) throws IOException {
    return run(repair, staleAfter, null);
  }

  /**
   * @param runtime the cluster's scheduler, to find apps that run for an instance that is removed
   *     or not installed (with {@code repair}, they are destroyed); null to check storage only
   */
  public Report run(boolean repair, Duration staleAfter, AppRuntime runtime) throws IOException {
    if (repair) {
      cluster.access().require(Action.ADMINISTER, null);
    }
    java.time.Instant began = java.time.Instant.now();
    List<Finding> findings = new ArrayList<>();
    List<LockInfo> inProgress = new ArrayList<>();
    Set<String> busyTargets = new HashSet<>();
    checkLayout(repair, findings);
    checkSchedulerToken(repair, findings);
    checkRegistry(repair, findings);
    for (LockInfo lock : cluster.locks().list()) {
      boolean stale = cluster.locks().judge(lock).abandoned()
          || (staleAfter != null && lock.age().compareTo(staleAfter) >= 0);
      if (!stale) {
        inProgress.add(lock);
        busyTargets.add(lock.name());
        continue;
      }
      findings.add(new Finding("interrupted " + lock.op() + " (" + lock.name() + ", " + lock.describe() + ")",
          ClusterLayout.LOCKS + "/" + lock.name() + ".lock", repair));
      if (repair) {
        recover(lock);
        cluster.locks().breakLock(lock.name());
      }
    }
    checkRoles(repair, findings);
    checkPartialUploads(repair, findings, busyTargets, began);
    removeLeftovers(repair, findings, busyTargets);
    reconcileIndex(repair, findings, busyTargets);
    if (runtime != null) {
      checkScheduler(runtime, repair, findings, busyTargets);
    }
    return new Report(findings, inProgress);
  }

  /**
   * Apps of Zeta packages (they carry DCOS_PACKAGE_NAME) under a role's prefix whose instance is
   * removed or not installed: what an uninstall that lost a race with a start once left running.
   */
  private void checkScheduler(AppRuntime runtime, boolean repair, List<Finding> findings, Set<String> busyTargets)
      throws IOException {
    for (RoleRecord role : cluster.roles().list()) {
      for (io.zeta.scheduler.AppStatus app : runtime.client().apps("/" + role.name() + "/")) {
        String[] parts = app.id().split("/");
        if (parts.length < 3 || !app.labels().containsKey(io.zeta.render.MarathonRenderer.LABEL_NAME)
            || busyTargets.contains(InstanceApps.lockName(parts[1], parts[2]))) {
          continue;
        }
        Optional<InstanceEntry> entry = cluster.index().instance(parts[1], parts[2]);
        if (entry.isPresent() && entry.get().state() == StoredState.INSTALLED) {
          // A task that died (a killed container or its conmon, an OOM kill): the scheduler relaunches it after
          // the app's backoff; until then the instance is short of tasks, and says why.
          if (app.tasksRunning() < app.instances() && app.lastTaskFailure().isPresent()) {
            io.zeta.scheduler.TaskFailure f = app.lastTaskFailure().get();
            findings.add(new Finding("app " + app.id() + " runs " + app.tasksRunning() + " of " + app.instances()
                + " tasks; its last task failed (" + f.state() + ": " + f.message() + "); the scheduler launches "
                + "it again after the app's backoff", app.id(), false));
          }
          continue;
        }
        String state = entry.isPresent() ? "removed" : "not installed";
        findings.add(new Finding("app " + app.id() + " is on the scheduler (" + app.tasksRunning() + " tasks running) but "
            + parts[1] + "/" + parts[2] + " is " + state, app.id(), repair));
        if (repair) {
          runtime.destroy(List.of(app.id()), Duration.ofMinutes(2));
        }
      }
    }
  }

  /**
   * The embedded registry should run (its record says so) and its process here is gone, as after
   * a kill -9: stages copy no image until it runs again. Repair starts it on its port.
   */
  private void checkRegistry(boolean repair, List<Finding> findings) throws IOException {
    if (!cluster.config().registryConfig().embedded()) {
      return;
    }
    io.zeta.images.EmbeddedRegistry.Status s = new io.zeta.images.EmbeddedRegistry(cluster,
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"))).status();
    if (!s.state().equals("stale")) {
      return;
    }
    findings.add(new Finding("the embedded registry should run but " + s.reason().replaceFirst("^its", "its"),
        io.zeta.images.EmbeddedRegistry.RECORD, repair));
    if (repair) {
      java.nio.file.Path logDir = s.record().map(r -> r.log()).filter(l -> l != null)
          .map(l -> java.nio.file.Path.of(l).getParent()).orElse(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
      new io.zeta.images.EmbeddedRegistry(cluster, logDir).repairIfStale();
    }
  }

  /**
   * Blob uploads the embedded registry never finished (a registry or a stage killed during a
   * copy). Left alone while a stage runs (its push may be one of them); repair deletes only those
   * begun before this doctor run began, so a stage that starts meanwhile keeps its own.
   */
  private void checkPartialUploads(boolean repair, List<Finding> findings, Set<String> busyTargets,
      java.time.Instant began) throws IOException {
    if (!cluster.config().registryConfig().embedded() || cluster.mountPoint().isEmpty()
        || busyTargets.stream().anyMatch(t -> t.startsWith("stage@"))) {
      return;
    }
    java.nio.file.Path root = java.nio.file.Path.of(cluster.mountPoint().get() + ClusterLayout.REGISTRY_ROOT);
    List<io.zeta.images.PartialUploads.Upload> uploads = io.zeta.images.PartialUploads.list(root).stream()
        .filter(u -> u.startedAt().map(t -> t.isBefore(began)).orElse(true)).toList();
    if (uploads.isEmpty()) {
      return;
    }
    String repos = String.join(", ", uploads.stream().map(io.zeta.images.PartialUploads.Upload::repository)
        .distinct().sorted().toList());
    findings.add(new Finding(io.zeta.images.PartialUploads.describe(uploads) + " in the embedded registry's storage ("
        + repos + "), left by an interrupted push", ClusterLayout.REGISTRY_ROOT, repair));
    if (repair) {
      io.zeta.images.PartialUploads.delete(uploads);
    }
  }

  /** A cluster.json of older versions holds the scheduler token (and is owner-only for it). */
  private void checkSchedulerToken(boolean repair, List<Finding> findings) throws IOException {
    if (io.zeta.cluster.SchedulerToken.inConfig(cluster.config())) {
      findings.add(new Finding("cluster.json holds the scheduler token (it belongs in "
          + ClusterLayout.SCHEDULER_TOKEN + ", owner-only)", ClusterLayout.CLUSTER_CONFIG, repair));
      if (repair) {
        cluster.withTokenMigrated();
      }
    }
  }

  private void checkLayout(boolean repair, List<Finding> findings) throws IOException {
    List<String> dirs = new ArrayList<>();
    Names.BASE_DIRS.forEach(b -> dirs.add(ClusterLayout.baseDir(b)));
    dirs.addAll(List.of(ClusterLayout.SHARED, ClusterLayout.ENV, ClusterLayout.ROLES, ClusterLayout.INDEX_INSTANCES,
        ClusterLayout.INDEX_STAGES, ClusterLayout.LOCKS, ClusterLayout.AUDIT_DIR));
    for (String dir : dirs) {
      if (!storage.exists(dir)) {
        findings.add(new Finding("missing directory", dir, repair));
        if (repair) {
          storage.mkdirs(dir, 0755);
        }
      }
    }
  }

  /**
   * Finishes or undoes one interrupted operation from the intent in its lock (the lock itself is
   * left to the caller). Used by {@code doctor --repair}, by a command taking over an abandoned
   * lock, and by the interrupt handler. Returns the state it left, in a few words.
   */
  public String recover(LockInfo lock) throws IOException {
    ObjectNode intent = lock.intent();
    String name = lock.name();
    String instance = intent.path("role").asText() + "/" + intent.path("id").asText();
    String stage = intent.path("pkg").asText() + " " + intent.path("version").asText();
    if (name.startsWith("instance@") && lock.op().equals("install")) {
      return recoverInstall(intent) ? instance + " is installed (the install was finished)"
          : instance + " is not installed, nothing changed";
    } else if (name.startsWith("instance@") && lock.op().equals("uninstall")) {
      String role = intent.path("role").asText();
      String id = intent.path("id").asText();
      Optional<InstanceEntry> entry = cluster.index().instance(role, id);
      if (entry.isPresent()) {
        UninstallInstance.finish(cluster, entry.get(), intent.path("purge").asBoolean());
      }
      return instance + " is uninstalled (the uninstall was finished)";
    } else if (name.startsWith("instance@") && (lock.op().equals("upgrade") || lock.op().equals("rollback"))) {
      return InstanceChange.recover(cluster, intent);
    } else if (name.startsWith("stage@") && lock.op().equals("stage")) {
      StagePackage.deleteQuietly(storage, intent.path("tmp").asText());
      String pkg = intent.path("pkg").asText();
      String version = intent.path("version").asText();
      if (storage.exists(ClusterLayout.stageDir(pkg, version) + "/" + StagedPackages.MANIFEST)) {
        StageEntry entry = new StageEntry(pkg, version);
        if (!cluster.index().stages().contains(entry)) {
          cluster.index().add(entry);
        }
        return stage + " is staged (the stage was finished)";
      }
      StagePackage.deleteQuietlyIfEmpty(storage, ClusterLayout.stageRoot(pkg));
      StagePackage.deleteQuietlyIfEmpty(storage, ClusterLayout.SHARED + "/" + pkg);
      return stage + " is not staged" + StagePackage.undoImages(cluster, intent);
    } else if (name.startsWith("stage@") && lock.op().equals("unstage")) {
      String trash = intent.path("trash").asText();
      String dir = ClusterLayout.stageDir(intent.path("pkg").asText(), intent.path("version").asText());
      if (!trash.isEmpty() && storage.exists(trash)) {
        if (storage.exists(dir)) {
          storage.delete(trash, true);
        } else {
          storage.rename(trash, dir);
          return stage + " is still staged, nothing changed";
        }
      }
      return storage.exists(dir) ? stage + " is still staged, nothing changed" : stage + " is unstaged";
    }
    return Locks.target(name) + ": nothing to finish or undo";
  }

  /** Published (instance.json carries this install's id): finish, true. Otherwise: undo, false. */
  private boolean recoverInstall(ObjectNode intent) throws IOException {
    String home = intent.path("home").asText();
    String tmp = intent.path("tmp").asText();
    Optional<InstanceRecord> record = UninstallInstance.readRecord(storage, home);
    if (record.isPresent() && intent.path("installId").asText().equals(record.get().installId())
        && "installed".equals(record.get().state())) {
      InstanceRecord r = record.get();
      if (!tmp.isEmpty()) {
        InstallInstance.finishPublish(storage, tmp, home);
      }
      storage.write(ClusterLayout.envFile(r.role(), r.pkg(), r.id()), storage.read(home + "/" + InstanceRecord.ENV),
          ClusterLayout.INSTANCE_FILE_MODE);
      ClusterIndex index = cluster.index();
      InstanceEntry installed = new InstanceEntry(r.role(), r.id(), r.pkg(), r.version(), r.baseDir(), StoredState.INSTALLED);
      for (InstanceEntry e : index.instances()) {
        if (e.role().equals(r.role()) && e.id().equals(r.id()) && !e.equals(installed)) {
          index.remove(e);
        }
      }
      if (!index.instances().contains(installed)) {
        index.add(installed);
      }
      if (!tmp.isEmpty()) {
        StagePackage.deleteQuietly(storage, tmp);
      }
      return true;
    } else if (record.isPresent() && "removed".equals(record.get().state())) {
      // A reinstall over kept data stopped before its publish step: clear what it moved in.
      UninstallInstance.keepOnly(storage, home, "", record.get().persistentDirs());
    }
    if (!tmp.isEmpty()) {
      StagePackage.deleteQuietly(storage, tmp);
      StagePackage.deleteQuietlyIfEmpty(storage, tmp.substring(0, tmp.lastIndexOf('/')));
    }
    return false;
  }

  private void checkRoles(boolean repair, List<Finding> findings) throws IOException {
    Set<String> known = new HashSet<>();
    for (RoleRecord r : cluster.roles().list()) {
      known.add(r.name());
      for (RoleRecord.RoleDir d : r.dirs()) {
        if (!storage.exists(d.path())) {
          findings.add(new Finding("role " + r.name() + " is missing its directory", d.path(), repair));
          if (repair) {
            storage.mkdirs(d.path(), 0770);
          }
        }
      }
      if (!storage.exists(ClusterLayout.envDir(r.name()))) {
        findings.add(new Finding("role " + r.name() + " is missing its env directory", ClusterLayout.envDir(r.name()), repair));
        if (repair) {
          storage.mkdirs(ClusterLayout.envDir(r.name()), 0775);
        }
      }
    }
    if (!known.contains(Names.SHARED_ROLE)) {
      findings.add(new Finding("role shared is missing", ClusterLayout.roleRecord(Names.SHARED_ROLE), repair));
      if (repair) {
        cluster.roles().add(Names.SHARED_ROLE);
        known.add(Names.SHARED_ROLE);
      }
    }
    for (String base : Names.BASE_DIRS) {
      for (FileInfo f : storage.list(ClusterLayout.baseDir(base))) {
        if (f.directory() && !known.contains(f.name()) && storage.list(f.path()).isEmpty()) {
          findings.add(new Finding("directory of an unfinished role add", f.path(), repair));
          if (repair) {
            storage.delete(f.path(), false);
          }
        }
      }
    }
  }

  /** Directories built aside and temp files of atomic writes that no running operation owns. */
  private void removeLeftovers(boolean repair, List<Finding> findings, Set<String> busyTargets) throws IOException {
    if (!busyTargets.isEmpty()) {
      return;
    }
    List<String> candidates = new ArrayList<>();
    for (FileInfo pkg : storage.list(ClusterLayout.SHARED)) {
      for (FileInfo f : storage.list(ClusterLayout.stageRoot(pkg.name()))) {
        candidates.add(f.path());
      }
    }
    for (FileInfo pkg : packageDirs()) {
      for (FileInfo f : storage.list(pkg.path())) {
        candidates.add(f.path());
      }
    }
    for (String dir : List.of(ClusterLayout.KSTORE, ClusterLayout.ROLES, ClusterLayout.ENV)) {
      storage.list(dir).forEach(f -> candidates.add(f.path()));
    }
    for (FileInfo envDir : storage.list(ClusterLayout.ENV)) {
      storage.list(envDir.path()).forEach(f -> candidates.add(f.path()));
    }
    for (String path : candidates) {
      String leaf = path.substring(path.lastIndexOf('/') + 1);
      if (leaf.startsWith(ClusterLayout.TMP_PREFIX) || TEMP_FILE.matcher(leaf).matches()) {
        findings.add(new Finding("leftover of an interrupted operation", path, repair));
        if (repair) {
          storage.delete(path, true);
        }
      }
    }
    // Package directories exist only to hold instances or stages; empty ones are left by interruptions.
    List<String> holders = new ArrayList<>();
    for (FileInfo pkg : storage.list(ClusterLayout.SHARED)) {
      holders.add(ClusterLayout.stageRoot(pkg.name()));
    }
    packageDirs().forEach(p -> holders.add(p.path()));
    for (String dir : holders) {
      if (storage.exists(dir) && storage.list(dir).isEmpty()) {
        findings.add(new Finding("empty directory left by an interrupted operation", dir, repair));
        if (repair) {
          storage.delete(dir, false);
          String parent = dir.substring(0, dir.lastIndexOf('/'));
          if (dir.endsWith("/stage") && parent.startsWith(ClusterLayout.SHARED + "/")) {
            UninstallInstance.deleteIfEmpty(storage, parent);
          }
        }
      }
    }
  }

  /**
   * Every {@code /<base>/<role>/<pkg>} directory. /zeta/kstore is not a role, /zeta/shared/registry
   * is the embedded registry's storage, and under /zeta/shared/&lt;pkg&gt; the stage sits beside
   * role shared's instances.
   */
  private List<FileInfo> packageDirs() throws IOException {
    List<FileInfo> out = new ArrayList<>();
    for (String base : Names.BASE_DIRS) {
      for (FileInfo role : storage.list(ClusterLayout.baseDir(base))) {
        if (!role.directory() || role.path().equals(ClusterLayout.KSTORE)) {
          continue;
        }
        for (FileInfo pkg : storage.list(role.path())) {
          // The embedded registry's blob storage sits under /zeta/shared beside the shared role's packages.
          if (pkg.directory() && !pkg.path().equals(ClusterLayout.REGISTRY_ROOT)) {
            out.add(pkg);
          }
        }
      }
    }
    return out;
  }

  private static boolean isStageRoot(String path) {
    return path.startsWith(ClusterLayout.SHARED + "/") && path.endsWith("/stage") && path.split("/").length == 5;
  }

  /** Rebuilds the index and the env files from the tree. */
  private void reconcileIndex(boolean repair, List<Finding> findings, Set<String> busyTargets) throws IOException {
    ClusterIndex index = cluster.index();
    Set<InstanceEntry> expected = new HashSet<>();
    for (FileInfo pkg : packageDirs()) {
      for (FileInfo home : storage.list(pkg.path())) {
        if (!home.directory() || home.name().startsWith(".") || isStageRoot(home.path())) {
          continue;
        }
        Optional<InstanceRecord> r = UninstallInstance.readRecord(storage, home.path());
        if (r.isEmpty()) {
          findings.add(new Finding("instance home without instance.json (left alone)", home.path(), false));
          continue;
        }
        expected.add(new InstanceEntry(r.get().role(), r.get().id(), r.get().pkg(), r.get().version(), r.get().baseDir(),
            "removed".equals(r.get().state()) ? StoredState.REMOVED : StoredState.INSTALLED));
      }
    }
    Set<InstanceEntry> actual = new HashSet<>(index.instances());
    for (InstanceEntry e : expected) {
      if (!actual.contains(e) && !busyTargets.contains(InstanceApps.lockName(e.role(), e.id()))) {
        findings.add(new Finding("index lacks " + e.fileName(), ClusterLayout.INDEX_INSTANCES, repair));
        if (repair) {
          index.add(e);
        }
      }
    }
    for (InstanceEntry e : actual) {
      if (!expected.contains(e) && !busyTargets.contains(InstanceApps.lockName(e.role(), e.id()))) {
        findings.add(new Finding("index entry without an instance: " + e.fileName(), ClusterLayout.INDEX_INSTANCES, repair));
        if (repair) {
          index.remove(e);
        }
      }
    }
    Set<String> wantedEnv = new HashSet<>();
    for (InstanceEntry e : expected) {
      if (e.state() != StoredState.INSTALLED) {
        continue;
      }
      String env = ClusterLayout.envFile(e.role(), e.pkg(), e.id());
      wantedEnv.add(env);
      if (!storage.exists(env) && storage.exists(e.home() + "/" + InstanceRecord.ENV)) {
        findings.add(new Finding("installed instance without its env file", env, repair));
        if (repair) {
          storage.write(env, storage.read(e.home() + "/" + InstanceRecord.ENV), ClusterLayout.INSTANCE_FILE_MODE);
        }
      }
    }
    for (FileInfo envDir : storage.list(ClusterLayout.ENV)) {
      for (FileInfo f : storage.list(envDir.path())) {
        if (f.name().endsWith(".sh") && !wantedEnv.contains(f.path()) && busyTargets.isEmpty()) {
          findings.add(new Finding("env file of no installed instance", f.path(), repair));
          if (repair) {
            storage.delete(f.path(), false);
          }
        }
      }
    }
    Set<StageEntry> stages = new HashSet<>();
    for (FileInfo pkg : storage.list(ClusterLayout.SHARED)) {
      for (FileInfo v : storage.list(ClusterLayout.stageRoot(pkg.name()))) {
        if (v.directory() && !v.name().startsWith(".") && storage.exists(v.path() + "/" + StagedPackages.MANIFEST)) {
          stages.add(new StageEntry(pkg.name(), v.name()));
        }
      }
    }
    Set<StageEntry> indexed = new HashSet<>(index.stages());
    for (StageEntry s : stages) {
      if (!indexed.contains(s)) {
        findings.add(new Finding("index lacks stage " + s.fileName(), ClusterLayout.INDEX_STAGES, repair));
        if (repair) {
          index.add(s);
        }
      }
    }
    for (StageEntry s : indexed) {
      if (!stages.contains(s) && !busyTargets.contains("stage@" + s.pkg() + "@" + s.version())) {
        findings.add(new Finding("index entry without a stage: " + s.fileName(), ClusterLayout.INDEX_STAGES, repair));
        if (repair) {
          index.remove(s);
        }
      }
    }
  }
}
