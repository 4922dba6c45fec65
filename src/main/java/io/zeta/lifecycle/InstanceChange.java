package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.ZetaExtension;
import io.zeta.cluster.Capabilities;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.Locks;
import io.zeta.cluster.Names;
import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Snapshots;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import io.zeta.render.Options;
import io.zeta.render.Secrets;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.MarathonClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What upgrade and rollback share: an installed instance becomes another rendering (another
 * staged version, other options) under its instance lock, as a new numbered revision.
 *
 * <p>Steps: take a data snapshot of the persistent directories (HDFS); record the revision as
 * pending; build the new rendered files aside ({@code .zeta-tmp-<id>.new-<n>}), copy the current
 * ones aside ({@code .zeta-tmp-<id>.old-<n>}, with a manifest), move the new ones in one file at
 * a time with instance.json last (its installId is the publish point); then the env file and the
 * index entry (whose name carries the version). The data directories are never moved. Then the
 * scheduler's apps are updated with Marathon's rolling semantics (a PUT of each app; Marathon,
 * or the agent, replaces its tasks by its upgradeStrategy) and the change waits until the new
 * tasks are running and healthy.
 *
 * <p>A crash at any step leaves the old dir with its manifest: {@link #recover} (run by
 * {@code doctor} and by a take-over of the lock) finishes the change when instance.json carries
 * its id, and undoes it from the copies otherwise.
 */
public final class InstanceChange {
  private static final String OLD = ".old-";
  private static final String NEW = ".new-";
  private static final String MANIFEST = ".zeta-manifest.json";
  /** Inside a persistent directory: a snapshot's content being copied back, and the data it replaces. */
  private static final String RESTORE = ".zeta-restore-";
  private static final String REPLACED = ".zeta-replaced-";
  private static final String COMPLETE = ".zeta-complete";
  /** Zeta's own entries in a data directory start with this (a name packages may not use). */
  private static final String ZETA_OWN = io.zeta.catalog.ReservedNames.PREFIX;

  private final Cluster cluster;
  private final Storage storage;
  private final AppRuntime runtime;
  private final Consumer<String> notes;

  InstanceChange(Cluster cluster, AppRuntime runtime, Consumer<String> notes) {
    this.cluster = cluster;
    this.storage = cluster.storage();
    this.runtime = runtime;
    this.notes = notes;
  }

  /** How a change runs. */
  /**
   * @param await wait until the new tasks run and are healthy (and roll back on failure when asked);
   *     false sends the change and returns (Cosmos's service/update answers while Marathon deploys)
   */
  public record Settings(boolean rollbackOnFailure, boolean force, Duration timeout, int historyMax, boolean await) {
    public Settings {
      if (historyMax < 1) {
        throw new ZetaException("--history-max must be 1 or more, got " + historyMax);
      }
    }

    public Settings(boolean rollbackOnFailure, boolean force, Duration timeout, int historyMax) {
      this(rollbackOnFailure, force, timeout, historyMax, true);
    }
  }

  /**
   * What the instance becomes. {@code userOptions} hold the secret values too; {@code dataOf},
   * when present, is the revision whose data snapshot is restored first.
   */
  record Target(StageManifest manifest, PackageDefinition pkg, ObjectNode userOptions, String action, String description,
      Optional<Revision> dataOf) {}

  /** The instance as it is, read under its lock. {@code revision} is its current revision. */
  record Current(InstanceEntry entry, InstanceRecord record, Revisions revisions, Revision revision) {
    String target() {
      return entry.role() + "/" + entry.id();
    }
  }

  /** What a change did: its revision, the apps' state after it, and the revision restored when it failed. */
  /** @param deployments the ids of the scheduler deployments the change started (empty when nothing ran) */
  public record Result(Revision revision, List<AppStatus> apps, boolean deployed, Optional<Revision> rolledBack,
      List<String> deployments) {
    public Result {
      deployments = List.copyOf(deployments);
    }

    public Result(Revision revision, List<AppStatus> apps, boolean deployed, Optional<Revision> rolledBack) {
      this(revision, apps, deployed, rolledBack, List.of());
    }
  }

  @FunctionalInterface
  interface Chooser {
    Target choose(Current current) throws IOException;
  }

  Result run(String role, String id, String op, Chooser chooser, Settings settings) throws IOException {
    Names.role(role);
    Names.instanceId(id);
    // Upgrade and rollback are one right: changing what runs in the role.
    cluster.access().require(io.zeta.cluster.Access.Action.UPGRADE, role);
    InstanceEntry entry = installed(role, id);
    ObjectNode intent = Json.object();
    intent.put("role", role);
    intent.put("id", id);
    intent.put("pkg", entry.pkg());
    intent.put("baseDir", entry.baseDir());
    intent.put("home", entry.home());
    try (Locks.Lock lock = cluster.locks().acquire(InstanceApps.lockName(role, id), op, intent)) {
      Current current = current(installed(role, id));
      Target target = chooser.choose(current);
      return apply(current, target, settings);
    }
  }

  private InstanceEntry installed(String role, String id) {
    InstanceEntry entry = cluster.index().instance(role, id).orElseThrow(() -> new ZetaException(
        "no instance " + role + "/" + id + " is installed", "see `zeta package list`", null));
    if (entry.state() != StoredState.INSTALLED) {
      throw new ZetaException(role + "/" + id + " is removed (its data is kept); install it again first");
    }
    return entry;
  }

  /** The current state; an instance installed before revisions existed gets its revision 1 recorded now. */
  Current current(InstanceEntry entry) throws IOException {
    InstanceRecord record = UninstallInstance.readRecord(storage, entry.home()).orElseThrow(() -> new ZetaException(
        entry.home() + "/" + InstanceRecord.FILE + " is missing", "run `zeta cluster doctor --repair`", null));
    Revisions revisions = new Revisions(storage, entry.home());
    Optional<Revision> rev = revisions.current(record.installId());
    if (rev.isPresent()) {
      return new Current(entry, record, revisions, rev.get());
    }
    ObjectNode marathon = Json.parseObject(storage.read(entry.home() + "/" + InstanceRecord.MARATHON), "marathon.json");
    Revision first = new Revision(Revision.FORMAT, revisions.next(), record.pkg(), record.version(), "install",
        Revision.DEPLOYED, record.installedBy(), record.installedAt(), "installed before revisions were recorded",
        record.installId(), maskedUserOptions(record), marathon, Map.of(), null, List.of());
    revisions.write(first);
    return new Current(entry, record, revisions, first);
  }

  private static ObjectNode maskedUserOptions(InstanceRecord record) {
    ObjectNode masked = record.userOptions() == null ? Json.object() : record.userOptions().deepCopy();
    for (String p : record.secretOptions()) {
      masked = Options.set(masked, p + "=\"" + Secrets.MASK + "\"");
    }
    return masked;
  }

  /** The user options an instance was installed with, secret values included (from secrets.json). */
  ObjectNode userOptions(InstanceRecord record) throws IOException {
    return InstanceSecrets.userOptions(storage, record).deepCopy();
  }


  Result apply(Current current, Target target, Settings settings) throws IOException {
    PackageDefinition pkg = target.pkg();
    InstanceEntry entry = current.entry();
    InstanceRecord was = current.record();
    String home = entry.home();
    Capabilities.require(pkg.zeta().requires(), cluster.capabilities(), pkg.name() + "@" + pkg.version(), cluster.name());
    Options options = Options.resolve(pkg, target.userOptions());
    InstanceRenderer.Placement at = new InstanceRenderer.Placement(entry.role(), entry.id(), entry.baseDir());
    InstanceRenderer.Rendered rendered = InstanceRenderer.render(cluster, pkg, target.manifest(), options, at);
    InstallInstance.checkEnvNames(cluster, rendered.env(), entry.role(), pkg.name(), entry.id());
    Optional<Revision> dataOf = target.dataOf();
    if (dataOf.isPresent()) {
      for (String d : dataOf.get().snapshotDirs()) {
        String path = storage.snapshots().orElseThrow().path(home + "/" + d, dataOf.get().snapshot());
        if (!storage.exists(path)) {
          throw new ZetaException("the data snapshot " + dataOf.get().snapshot() + " of " + d + " is gone (" + path + ")",
              "roll back without --with-data", null);
        }
      }
    }
    // Nothing is written before this point: every refusal above leaves the tree as it was.
    String changeId = UUID.randomUUID().toString();
    int n = current.revisions().next();
    List<String> dirs = was.persistentDirs().stream().filter(d -> exists(home + "/" + d)).toList();
    String snapshot = snapshot(home, dirs, n);
    Revision pending = Revisions.record(n, pkg, options, rendered, target.action(), Revision.PENDING,
        cluster.doneBy(), target.description(), changeId, snapshot, snapshot == null ? List.of() : dirs);
    current.revisions().write(pending);

    MarathonClient client = SchedulerMarker.read(storage, home).isPresent() ? runtime.client() : null;
    Map<String, Integer> running = client == null ? Map.of() : instancesOnScheduler(client, was.appIds());
    if (dataOf.isPresent()) {
      stopApps(client, running, settings.timeout());
      for (String d : dataOf.get().snapshotDirs()) {
        restore(home + "/" + d, dataOf.get().snapshot());
      }
    }
    String now = Instant.now().toString();
    Secrets secrets = Secrets.of(pkg);
    List<String> persistent = pkg.zeta().directories().stream().filter(ZetaExtension.Directory::persistent)
        .map(ZetaExtension.Directory::path).toList();
    InstanceRecord next = new InstanceRecord(InstanceRecord.FORMAT, pkg.name(), pkg.version(), pkg.releaseVersion(),
        entry.role(), entry.id(), entry.baseDir(), home, rendered.apps().stream().map(a -> a.path("id").asText()).toList(),
        "installed", changeId, secrets.strip(options.user()), secrets.strip(options.resolved()), persistent,
        List.copyOf(rendered.configFiles().keySet()), was.installedAt(), now, was.installedBy(),
        secrets.present(options.resolved()));
    publish(entry, pkg, options, rendered, next, was);
    storage.write(ClusterLayout.envFile(entry.role(), pkg.name(), entry.id()),
        rendered.env().getBytes(java.nio.charset.StandardCharsets.UTF_8), ClusterLayout.INSTANCE_FILE_MODE);
    InstanceEntry updated = new InstanceEntry(entry.role(), entry.id(), pkg.name(), pkg.version(), entry.baseDir(),
        StoredState.INSTALLED);
    if (!updated.equals(entry)) {
      cluster.index().add(updated);
      cluster.index().remove(entry);
    }
    Revision previous = current.revision();
    if (Revision.DEPLOYED.equals(previous.status())) {
      current.revisions().write(previous.withStatus(target.action().equals("rollback") ? Revision.ROLLED_BACK
          : Revision.SUPERSEDED, null));
    }
    current.revisions().prune(settings.historyMax(), changeId);

    if (client == null) {
      Revision done = pending.withStatus(Revision.DEPLOYED, null);
      current.revisions().write(done);
      return new Result(done, List.of(), false, Optional.empty());
    }
    try {
      List<String> started = new ArrayList<>();
      List<AppStatus> statuses = deploy(client, rendered.apps(), was.appIds(), running, settings, current.target(),
          started);
      Revision done = pending.withStatus(Revision.DEPLOYED, null);
      current.revisions().write(done);
      return new Result(done, statuses, true, Optional.empty(), started);
    } catch (ZetaException failure) {
      String reason = secrets.redact(failure.getMessage(), options.resolved());
      Revision failed = pending.withStatus(Revision.FAILED, target.description() + "; failed: " + reason);
      current.revisions().write(failed);
      if (!settings.rollbackOnFailure()) {
        throw new ZetaException(current.target() + " " + target.action() + " to " + pkg.version() + " (revision " + n
            + ") failed: " + reason, "roll back with `zeta package rollback " + current.target() + " " + previous.revision()
            + "`, or see `zeta package history " + current.target() + "`", failure);
      }
      notes.accept(current.target() + ": revision " + n + " failed (" + reason + "); rolling back to revision "
          + previous.revision() + " (" + previous.version() + ")");
      Current now2 = current(updated);
      Target back = rollbackTarget(now2, previous, "rollback to " + previous.revision() + " after revision " + n
          + " failed", Optional.empty());
      Result restored = apply(now2, back, new Settings(false, true, settings.timeout(), settings.historyMax()));
      throw new ZetaException(current.target() + " " + target.action() + " to " + pkg.version() + " (revision " + n
          + ") failed: " + reason + "; rolled back to revision " + previous.revision() + " (" + previous.version()
          + ") as revision " + restored.revision().revision(), "see `zeta package history " + current.target() + "`",
          null);
    }
  }

  /** Where the instance goes back to: a revision's version (staged) and options, today's secret values. */
  Target rollbackTarget(Current current, Revision to, String description, Optional<Revision> dataOf) throws IOException {
    StagedPackages staged = new StagedPackages(storage);
    StageManifest manifest = staged.manifest(to.pkg(), to.version()).orElseThrow(() -> new ZetaException(
        to.pkg() + " " + to.version() + " of revision " + to.revision() + " is not staged any more",
        "stage it first: zeta package stage " + to.pkg() + "@" + to.version(), null));
    PackageDefinition pkg = staged.load(manifest);
    Secrets secrets = Secrets.of(pkg);
    ObjectNode options = secrets.strip(to.options() == null ? Json.object() : to.options());
    ObjectNode secretValues = Secrets.ofPaths(current.record().secretOptions())
        .only(userOptions(current.record()));
    return new Target(manifest, pkg, Secrets.merge(options, secretValues), "rollback", description, dataOf);
  }

  private boolean exists(String path) {
    try {
      return storage.exists(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A snapshot of every persistent directory, named after the revision about to be made; null
   * (with a note) where the storage has none or refuses.
   */
  private String snapshot(String home, List<String> dirs, int revision) throws IOException {
    if (dirs.isEmpty()) {
      return null;
    }
    Optional<Snapshots> snapshots = storage.snapshots();
    if (snapshots.isEmpty()) {
      notes.accept("data is not snapshotted on " + storage.scheme() + ": clusters (" + String.join(", ", dirs)
          + " kept as it is, without a copy to roll back to)");
      return null;
    }
    String name = Revisions.SNAPSHOT_PREFIX + revision;
    try {
      for (String d : dirs) {
        snapshots.get().allow(home + "/" + d);
      }
    } catch (IOException e) {
      notes.accept("data is not snapshotted: cannot make " + String.join(", ", dirs) + " snapshottable ("
          + io.zeta.Causes.describe(e) + "; an HDFS superuser can run `hdfs dfsadmin -allowSnapshot`)");
      return null;
    }
    for (String d : dirs) {
      snapshots.get().delete(home + "/" + d, name); // left by an interrupted change of the same number
      snapshots.get().create(home + "/" + d, name);
    }
    return name;
  }

  private static Map<String, Integer> instancesOnScheduler(MarathonClient client, List<String> appIds) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String id : appIds) {
      client.app(id).ifPresent(a -> out.put(id, a.instances()));
    }
    return out;
  }

  private static void stopApps(MarathonClient client, Map<String, Integer> running, Duration timeout) {
    if (client == null) {
      return;
    }
    List<String> ids = new ArrayList<>(running.keySet());
    for (int i = ids.size() - 1; i >= 0; i--) {
      if (running.get(ids.get(i)) > 0) {
        client.awaitDeployment(client.scaleApp(ids.get(i), 0, true), timeout);
      }
    }
  }

  /**
   * Updates the scheduler's apps: each app it has gets its new definition (one PUT; a stopped app
   * stays stopped), apps the new revision adds are created when the instance runs, apps it drops
   * are destroyed; then waits for every deployment and until the tasks run and are healthy.
   */
  private List<AppStatus> deploy(MarathonClient client, List<ObjectNode> apps, List<String> oldIds,
      Map<String, Integer> before, Settings settings, String target, List<String> started) {
    boolean runs = before.values().stream().anyMatch(i -> i > 0);
    // A task of the new definition that fails ends the wait at once (its reason said), not at the timeout.
    DeploymentWait wait = new DeploymentWait(client, Progress.NONE, target);
    Map<String, String> deployments = new LinkedHashMap<>();
    Map<String, Optional<io.zeta.scheduler.TaskFailure>> baselines = new LinkedHashMap<>();
    for (ObjectNode app : apps) {
      String appId = app.path("id").asText();
      io.zeta.scheduler.AppValidator.check(app);
      Integer had = before.get(appId);
      if (had != null || client.app(appId).isPresent()) {
        ObjectNode body = app.deepCopy();
        if (had != null && had == 0) {
          body.put("instances", 0);
        }
        baselines.put(appId, wait.baseline(appId));
        deployments.put(appId, LockedAppChange.send(client, appId, settings.force(), settings.timeout(),
            f -> client.updateApp(appId, body, f)));
      } else if (runs) {
        baselines.put(appId, Optional.empty());
        deployments.put(appId, client.createApp(app));
      }
    }
    Set<String> newIds = new LinkedHashSet<>(apps.stream().map(a -> a.path("id").asText()).toList());
    for (String old : oldIds) {
      if (!newIds.contains(old)) {
        client.destroyApp(old).ifPresent(d -> client.awaitDeployment(d, settings.timeout()));
      }
    }
    started.addAll(deployments.values());
    List<AppStatus> out = new ArrayList<>();
    for (Map.Entry<String, String> d : deployments.entrySet()) {
      out.add(settings.await() ? wait.untilRunning(d.getKey(), d.getValue(), baselines.get(d.getKey()), settings.timeout())
          : client.app(d.getKey()).orElseThrow(() -> new ZetaException(d.getKey() + " vanished from the scheduler "
              + "right after it was updated")));
    }
    return out;
  }

  // ---- the files of the home ------------------------------------------------------------------

  /** The rendered files of a home (relative paths), as an instance record names them. */
  private static List<String> renderedFiles(InstanceRecord r) {
    List<String> out = new ArrayList<>(List.of(InstanceRecord.FILE, InstanceRecord.MARATHON, InstanceRecord.ENV,
        InstanceSecrets.FILE));
    out.addAll(r.configFiles());
    return out;
  }

  private void publish(InstanceEntry entry, PackageDefinition pkg, Options options, InstanceRenderer.Rendered rendered,
      InstanceRecord next, InstanceRecord was) throws IOException {
    String home = entry.home();
    String nonce = next.installId().substring(0, 8);
    String pkgDir = ClusterLayout.packageDir(entry.baseDir(), entry.role(), entry.pkg());
    String tmp = pkgDir + "/" + ClusterLayout.TMP_PREFIX + entry.id() + NEW + nonce;
    String old = pkgDir + "/" + ClusterLayout.TMP_PREFIX + entry.id() + OLD + nonce;
    storage.mkdirs(tmp, InstallInstance.HOME_MODE);
    InstallInstance.writeRendered(storage, tmp, pkg, options, rendered);
    InstallInstance.writeFile(storage, tmp + "/" + InstanceRecord.FILE, Json.prettyBytes(next),
        ClusterLayout.INSTANCE_FILE_MODE);
    List<String> newFiles = new ArrayList<>();
    walk(tmp, "", newFiles);
    List<String> oldFiles = new ArrayList<>();
    storage.mkdirs(old, 0700);
    for (String f : renderedFiles(was)) {
      Optional<FileInfo> info = storage.info(home + "/" + f);
      if (info.isPresent() && !info.get().directory()) {
        copy(home + "/" + f, old + "/" + f, info.get().mode());
        oldFiles.add(f);
      }
    }
    ObjectNode manifest = Json.object();
    manifest.put("changeId", next.installId());
    manifest.set("restore", strings(oldFiles));
    manifest.set("added", strings(newFiles.stream().filter(f -> !oldFiles.contains(f)).toList()));
    manifest.set("removed", strings(oldFiles.stream().filter(f -> !newFiles.contains(f)).toList()));
    // From here on an interrupted change is undone from the copies (or finished once published).
    storage.write(old + "/" + MANIFEST, Json.prettyBytes(manifest), ClusterLayout.INSTANCE_FILE_MODE);
    InstallInstance.refuseLinks(storage, tmp, home, "");
    for (ZetaExtension.Directory d : pkg.zeta().directories()) {
      if (!storage.exists(home + "/" + d.path())) {
        storage.mkdirs(home + "/" + d.path(), d.mode());
      }
    }
    for (String f : newFiles) {
      if (!f.equals(InstanceRecord.FILE)) {
        moveIn(tmp, home, f);
      }
    }
    storage.replace(tmp + "/" + InstanceRecord.FILE, home + "/" + InstanceRecord.FILE);
    finish(home, tmp, old, manifest);
  }

  private void moveIn(String from, String home, String rel) throws IOException {
    String target = home + "/" + rel;
    String parent = target.substring(0, target.lastIndexOf('/'));
    if (!storage.exists(parent)) {
      storage.mkdirs(parent, InstallInstance.HOME_MODE);
    }
    storage.replace(from + "/" + rel, target);
  }

  /** After the publish point: the rest of the new files in, the dropped ones out, both dirs aside gone. */
  private void finish(String home, String tmp, String old, JsonNode manifest) throws IOException {
    if (storage.exists(tmp)) {
      List<String> left = new ArrayList<>();
      walk(tmp, "", left);
      for (String f : left) {
        if (!f.equals(InstanceRecord.FILE)) {
          moveIn(tmp, home, f);
        }
      }
      storage.delete(tmp, true);
    }
    for (JsonNode f : manifest.path("removed")) {
      storage.delete(home + "/" + f.asText(), false);
    }
    storage.delete(old, true);
  }

  /** Before the publish point: the copies back, the added files out, both dirs aside gone. */
  private void undo(String home, String tmp, String old, JsonNode manifest) throws IOException {
    for (JsonNode f : manifest.path("restore")) {
      if (storage.exists(old + "/" + f.asText())) {
        moveIn(old, home, f.asText());
      }
    }
    for (JsonNode f : manifest.path("added")) {
      storage.delete(home + "/" + f.asText(), false);
    }
    storage.delete(tmp, true);
    storage.delete(old, true);
  }

  private void walk(String dir, String rel, List<String> out) throws IOException {
    for (FileInfo f : storage.list(rel.isEmpty() ? dir : dir + "/" + rel)) {
      String child = rel.isEmpty() ? f.name() : rel + "/" + f.name();
      if (f.directory()) {
        walk(dir, child, out);
      } else {
        out.add(child);
      }
    }
  }

  private void copy(String from, String to, int mode) throws IOException {
    String parent = to.substring(0, to.lastIndexOf('/'));
    if (!storage.exists(parent)) {
      storage.mkdirs(parent, 0700);
    }
    try (InputStream in = storage.open(from); OutputStream out = storage.create(to, mode)) {
      in.transferTo(out);
    }
  }

  private static ArrayNode strings(List<String> list) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    list.forEach(a::add);
    return a;
  }

  // ---- data ---------------------------------------------------------------------------------

  /**
   * Puts a persistent directory back as a snapshot holds it. The snapshot is copied into
   * {@code <dir>/.zeta-restore-<name>} and marked complete; only then are the current entries
   * moved into {@code <dir>/.zeta-replaced-<name>} and the restored ones up into place (renames
   * within the directory, which stays the snapshottable one with its snapshots). An interrupted
   * copy is deleted; an interrupted swap is finished ({@link #recover}).
   */
  private void restore(String dir, String snapshot) throws IOException {
    String from = storage.snapshots().orElseThrow().path(dir, snapshot);
    String restoring = dir + "/" + RESTORE + snapshot;
    storage.delete(restoring, true);
    storage.mkdirs(restoring, 0700);
    copyTree(from, restoring);
    storage.createExclusive(restoring + "/" + COMPLETE, new byte[0]);
    swap(dir, restoring, dir + "/" + REPLACED + snapshot);
  }

  private void copyTree(String from, String to) throws IOException {
    for (FileInfo f : storage.list(from)) {
      if (f.name().startsWith(ZETA_OWN)) {
        continue;
      }
      if (f.directory()) {
        storage.mkdirs(to + "/" + f.name(), f.mode());
        copyTree(f.path(), to + "/" + f.name());
      } else {
        copy(f.path(), to + "/" + f.name(), f.mode());
      }
    }
  }

  /** Idempotent: run again after a crash, it ends in the same place. */
  private void swap(String dir, String restoring, String replaced) throws IOException {
    if (!storage.exists(replaced)) {
      storage.mkdirs(replaced, 0700);
    }
    for (FileInfo f : storage.list(dir)) {
      if (!f.name().startsWith(ZETA_OWN)) {
        storage.rename(f.path(), replaced + "/" + f.name());
      }
    }
    for (FileInfo f : storage.list(restoring)) {
      if (!f.name().equals(COMPLETE)) {
        storage.rename(f.path(), dir + "/" + f.name());
      }
    }
    storage.delete(restoring, true);
    storage.delete(replaced, true);
  }


  // ---- recovery -----------------------------------------------------------------------------

  /**
   * Finishes or undoes an interrupted upgrade or rollback of the instance an intent names, from
   * what it left beside the home; then the env file and index follow instance.json, and a
   * revision left pending is marked failed. Returns the state it left, in a few words.
   */
  static String recover(Cluster cluster, ObjectNode intent) throws IOException {
    InstanceChange change = new InstanceChange(cluster, AppRuntime.unavailable("not needed"), note -> { });
    return change.recoverFrom(intent);
  }

  private String recoverFrom(ObjectNode intent) throws IOException {
    String role = intent.path("role").asText();
    String id = intent.path("id").asText();
    String home = intent.path("home").asText();
    String pkgDir = home.substring(0, home.lastIndexOf('/'));
    String prefix = ClusterLayout.TMP_PREFIX + id + OLD;
    Optional<InstanceRecord> record = UninstallInstance.readRecord(storage, home);
    String what = role + "/" + id + ": nothing to finish or undo";
    for (FileInfo f : storage.list(pkgDir)) {
      if (!f.directory() || !f.name().startsWith(prefix)) {
        continue;
      }
      String nonce = f.name().substring(prefix.length());
      String tmp = pkgDir + "/" + ClusterLayout.TMP_PREFIX + id + NEW + nonce;
      if (!storage.exists(f.path() + "/" + MANIFEST)) {
        storage.delete(tmp, true);
        storage.delete(f.path(), true);
        continue;
      }
      JsonNode manifest = Json.parse(storage.read(f.path() + "/" + MANIFEST), f.path() + "/" + MANIFEST);
      if (record.isPresent() && manifest.path("changeId").asText().equals(record.get().installId())) {
        finish(home, tmp, f.path(), manifest);
        what = role + "/" + id + " has its new revision's files (the change was finished; start it to deploy them)";
      } else {
        undo(home, tmp, f.path(), manifest);
        what = role + "/" + id + " is as it was before the change (it was undone)";
      }
    }
    for (FileInfo f : storage.list(pkgDir)) {
      if (f.directory() && f.name().startsWith(ClusterLayout.TMP_PREFIX + id + NEW)) {
        storage.delete(f.path(), true);
      }
    }
    record = UninstallInstance.readRecord(storage, home);
    if (record.isEmpty()) {
      return what;
    }
    InstanceRecord r = record.get();
    for (String d : r.persistentDirs()) {
      for (FileInfo f : storage.list(home + "/" + d)) {
        if (f.directory() && f.name().startsWith(RESTORE)) {
          String name = f.name().substring(RESTORE.length());
          if (storage.exists(f.path() + "/" + COMPLETE)) {
            swap(home + "/" + d, f.path(), home + "/" + d + "/" + REPLACED + name);
          } else {
            storage.delete(f.path(), true);
            storage.delete(home + "/" + d + "/" + REPLACED + name, true);
          }
        }
      }
    }
    Revisions revisions = new Revisions(storage, home);
    for (Revision rev : revisions.list()) {
      if (Revision.PENDING.equals(rev.status())) {
        boolean published = rev.changeId() != null && rev.changeId().equals(r.installId());
        revisions.write(rev.withStatus(Revision.FAILED, rev.description() + "; interrupted "
            + (published ? "after its files were published (its apps may not be updated: `zeta package start`)"
                : "before its files were published")));
      }
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
    return what;
  }
}
