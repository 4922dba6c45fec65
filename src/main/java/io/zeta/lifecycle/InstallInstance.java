package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.Catalog;
import io.zeta.catalog.InstancePolicy;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRef;
import io.zeta.catalog.ZetaExtension;
import io.zeta.cluster.Capabilities;
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
import io.zeta.render.Options;
import io.zeta.render.Secrets;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code zeta package install}: a named instance of a staged package in a role. Everything is
 * validated and rendered before the first write; the instance home is built aside and published
 * with one rename (or, over the kept data of a removed instance, by moving the new files in and
 * replacing instance.json last). Then the env file and the index entry follow. The instance lock
 * records the intent so that {@code zeta cluster doctor} can finish or undo a crashed install.
 */
public final class InstallInstance {
  static final int HOME_MODE = 0750;

  private final Cluster cluster;
  private final Supplier<Catalog> catalog;
  private final ArtifactFetcher fetcher;
  private final Progress progress;

  public InstallInstance(Cluster cluster, Supplier<Catalog> catalog, ArtifactFetcher fetcher, Progress progress) {
    this.cluster = cluster;
    this.catalog = catalog;
    this.fetcher = fetcher;
    this.progress = progress;
  }

  private Optional<String> marathonVersion = Optional.empty();

  /** Checks the apps for this Marathon release ({@code --marathon-version}) instead of the cluster's recorded one. */
  public InstallInstance marathonVersion(Optional<String> version) {
    this.marathonVersion = version;
    return this;
  }

  /**
   * @param baseDir the base dir, or empty for the package's recommended one
   * @param stage stage the version first (from the catalog) if it is not staged
   * @param mirror with {@code stage}: where to fetch artifacts from
   */
  public record Request(PackageRef pkg, String role, String id, Optional<String> baseDir, ObjectNode userOptions,
      boolean stage, Optional<String> mirror) {}

  /** Everything an install is made of, known before the first write. */
  private record Prepared(StagedPackages staged, StageManifest manifest, PackageDefinition pkg, Options options,
      InstanceRenderer.Placement at, InstanceRenderer.Rendered rendered, String home, String installId, String tmp) {}

  private Prepared prepare(Request req, boolean mayStage) throws IOException {
    String role = Names.role(req.role());
    String id = Names.instanceId(req.id());
    req.baseDir().ifPresent(Names::baseDir);
    cluster.access().require(Action.INSTALL, role);
    cluster.roles().require(role);
    StagedPackages staged = new StagedPackages(cluster.storage());
    StageManifest manifest;
    if (req.stage() && !mayStage) {
      manifest = alreadyStaged(req, staged).orElseThrow(() -> new ZetaException("--dry-run cannot show the install of "
          + req.pkg() + ": it is not staged yet, and staging downloads its artifacts (their staged names and sizes are "
          + "part of what install writes)", "stage it first with `zeta package stage " + req.pkg() + "`, or see its app with "
          + "`zeta package render " + req.pkg() + "`", null));
    } else {
      manifest = req.stage() ? stageFirst(req, staged, role) : staged.choose(req.pkg().name(), req.pkg().version());
    }
    PackageDefinition pkg = staged.load(manifest);
    ZetaExtension ext = pkg.zeta();
    Options options = precheck(pkg, role, req.userOptions());
    String base = req.baseDir().orElse(ext.recommendedBaseDir());
    InstanceRenderer.Placement at = new InstanceRenderer.Placement(role, id, base);
    InstanceRenderer.Rendered rendered = InstanceRenderer.render(cluster, pkg, manifest, options, at);
    // What the scheduler would refuse at start is refused now, before anything is written.
    TargetMarathon.of(cluster, marathonVersion).check(rendered.apps());

    String home = ClusterLayout.instanceHome(base, role, pkg.name(), id);
    String installId = UUID.randomUUID().toString();
    String tmp = ClusterLayout.instanceTmp(base, role, pkg.name(), id, installId.substring(0, 8));
    return new Prepared(staged, manifest, pkg, options, at, rendered, home, installId, tmp);
  }

  /**
   * {@code install --dry-run}: the same checks as an install (without its locks) and the plan of
   * what it would write; writes nothing, stages nothing, takes no lock.
   */
  public Plan dryRun(Request req) throws IOException {
    Prepared p = prepare(req, false);
    Optional<InstanceEntry> existing = checkUnlocked(p);
    refuseLink(cluster.storage(), cluster.storage().firstLink(p.home()));
    return plan(p, existing);
  }

  public InstanceRecord run(Request req) throws IOException {
    Prepared p = prepare(req, true);
    PackageDefinition pkg = p.pkg();
    String role = p.at().role();
    String id = p.at().id();
    String base = p.at().baseDir();
    String home = p.home();
    String tmp = p.tmp();
    // Who will own the files (the role's service user and group, with a directory): asked before any write.
    Optional<InstanceOwner> owner = InstanceOwner.of(cluster, role, base);
    ObjectNode intent = Json.object();
    intent.put("role", role);
    intent.put("id", id);
    intent.put("pkg", pkg.name());
    intent.put("version", pkg.version());
    intent.put("baseDir", base);
    intent.put("home", home);
    intent.put("tmp", tmp);
    intent.put("installId", p.installId());
    Locks locks = cluster.locks();
    try (Locks.Lock lock = locks.acquire(InstanceApps.lockName(role, id), "install", intent);
        Locks.Lock policy = policyLock(locks, pkg, role)) {
      if (p.staged().manifest(p.manifest().pkg(), p.manifest().version()).isEmpty()) {
        throw new ZetaException(pkg.name() + "@" + pkg.version() + " was unstaged while installing; stage it again");
      }
      Optional<InstanceEntry> existing = checkUnlocked(p);
      boolean reinstall = existing.isPresent();
      Plan plan = plan(p, existing);
      refuseLink(cluster.storage(), cluster.storage().firstLink(home));
      try {
        build(tmp, home, plan);
        if (owner.isPresent()) {
          owner.get().apply(cluster.storage(), tmp);
        }
        publish(tmp, home, pkg.zeta(), reinstall);
      } catch (IOException | RuntimeException e) {
        StagePackage.deleteQuietly(cluster.storage(), tmp);
        StagePackage.deleteQuietlyIfEmpty(cluster.storage(), ClusterLayout.packageDir(base, role, pkg.name()));
        throw e;
      }
      String envFile = ClusterLayout.envFile(role, pkg.name(), id);
      Plan.Change env = plan.change(envFile).orElseThrow();
      cluster.storage().write(envFile, env.content(), env.mode());
      ClusterIndex index = cluster.index();
      if (existing.isPresent()) {
        index.remove(existing.get());
      }
      index.add(entry(p));
      return Json.read(plan.change(home + "/" + InstanceRecord.FILE).orElseThrow().content(), InstanceRecord.class,
          InstanceRecord.FILE);
    }
  }

  private static InstanceEntry entry(Prepared p) {
    return new InstanceEntry(p.at().role(), p.at().id(), p.pkg().name(), p.pkg().version(), p.at().baseDir(),
        StoredState.INSTALLED);
  }

  /** The checks against the instances already there (under the lock for a real install); the existing entry, if any. */
  private Optional<InstanceEntry> checkUnlocked(Prepared p) throws IOException {
    String role = p.at().role();
    String id = p.at().id();
    List<InstanceEntry> all = cluster.index().instances();
    Optional<InstanceEntry> existing = all.stream().filter(e -> e.role().equals(role) && e.id().equals(id)).findFirst();
    checkExisting(existing, p.pkg(), p.at().baseDir(), p.home());
    checkPolicy(all, p.pkg(), role, id);
    checkEnvNames(p.rendered().env(), role, p.pkg().name(), id);
    if (existing.isEmpty() && cluster.storage().exists(p.home())) {
      throw new ZetaException(p.home() + " exists but no instance " + role + "/" + id + " is recorded",
          "run `zeta cluster doctor` to reconcile the index with the tree", null);
    }
    return existing;
  }

  /**
   * What the install writes, in the order it writes it: the home and the package's directories,
   * secrets.json, marathon.json, env.sh, the config files, instance.json last; then the role env
   * file and the index entry. Over a removed instance's kept home, what exists is replaced, or
   * kept when it is persistent data.
   */
  private Plan plan(Prepared p, Optional<InstanceEntry> existing) throws IOException {
    Storage storage = cluster.storage();
    PackageDefinition pkg = p.pkg();
    ZetaExtension ext = pkg.zeta();
    Options options = p.options();
    Secrets secrets = Secrets.of(pkg);
    String home = p.home();
    boolean over = existing.isPresent() && storage.exists(home);
    InstanceRecord record = record(pkg, options, p.rendered(), p.at(), home, p.installId(), existing);
    Plan plan = new Plan("install", p.at().role() + "/" + p.at().id()).fact("role", p.at().role()).fact("id", p.at().id())
        .fact("package", pkg.name()).fact("version", pkg.version()).fact("baseDir", p.at().baseDir()).fact("home", home);
    if (over) {
      plan.note("reinstall over the kept home of the removed instance: its persistent data stays as it is");
    }
    String packageDir = ClusterLayout.packageDir(p.at().baseDir(), p.at().role(), pkg.name());
    if (!storage.exists(packageDir)) {
      // Made with the home (as its parent), so its mode is the filesystem's default for parents.
      plan.directory(Plan.Action.CREATE, packageDir, -1, "the role's directory of " + pkg.name() + " instances");
    }
    plan.directory(over ? Plan.Action.KEEP : Plan.Action.CREATE, home, HOME_MODE, null);
    List<String> persistent = ext.directories().stream().filter(ZetaExtension.Directory::persistent)
        .map(ZetaExtension.Directory::path).toList();
    for (ZetaExtension.Directory d : ext.directories()) {
      String path = home + "/" + d.path();
      boolean there = over && storage.exists(path);
      boolean data = persistent.contains(d.path()) || persistent.stream().anyMatch(x -> x.startsWith(d.path() + "/"));
      plan.directory(!there ? Plan.Action.CREATE : data ? Plan.Action.KEEP : Plan.Action.REPLACE, path, d.mode(),
          d.persistent() ? "persistent data" : null);
    }
    ObjectNode resolved = options.resolved();
    if (!secrets.isEmpty()) {
      file(plan, over, home + "/" + InstanceSecrets.FILE, ClusterLayout.PRIVATE_MODE, InstanceSecrets.content(secrets, options),
          true, secrets, resolved);
    }
    file(plan, over, home + "/" + InstanceRecord.MARATHON, ClusterLayout.INSTANCE_FILE_MODE,
        Json.prettyBytes(p.rendered().marathon()), true, secrets, resolved);
    byte[] env = p.rendered().env().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    file(plan, over, home + "/" + InstanceRecord.ENV, ClusterLayout.INSTANCE_FILE_MODE, env, false, secrets, resolved);
    List<String> secretValues = secrets.values(resolved);
    for (ZetaExtension.ConfigFile f : ext.configFiles()) {
      byte[] content = p.rendered().configFiles().get(f.target());
      String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
      // A config file the package renders a secret into is not left readable by others, whatever its declared mode.
      boolean holdsSecret = secretValues.stream().anyMatch(text::contains);
      file(plan, over, home + "/" + f.target(), holdsSecret ? f.mode() & ~07 : f.mode(), content, f.target().endsWith(".json"),
          secrets, resolved);
    }
    // Revision 1 of the history (`zeta package history`), secret values masked.
    plan.directory(Plan.Action.CREATE, home + "/" + Revisions.DIR, HOME_MODE, "revisions");
    Revision first = Revisions.record(1, pkg, options, p.rendered(), "install", Revision.DEPLOYED, record.installedBy(),
        "install", record.installId(), null, List.of());
    file(plan, false, home + "/" + Revisions.DIR + "/1.json", ClusterLayout.INSTANCE_FILE_MODE, Json.prettyBytes(first),
        true, secrets, resolved);
    file(plan, over, home + "/" + InstanceRecord.FILE, ClusterLayout.INSTANCE_FILE_MODE, Json.prettyBytes(record), true,
        secrets, resolved);
    String envFile = ClusterLayout.envFile(p.at().role(), pkg.name(), p.at().id());
    file(plan, storage.exists(envFile), envFile, ClusterLayout.INSTANCE_FILE_MODE, env, false, secrets, resolved);
    if (existing.isPresent()) {
      plan.index(Plan.Action.REMOVE, ClusterLayout.INDEX_INSTANCES + "/" + existing.get().fileName());
    }
    plan.index(Plan.Action.ADD, ClusterLayout.INDEX_INSTANCES + "/" + entry(p).fileName());
    plan.note("the apps are not started: `zeta package start " + p.at().role() + "/" + p.at().id() + "`");
    return plan;
  }

  private void file(Plan plan, boolean mayExist, String path, int mode, byte[] content, boolean json, Secrets secrets,
      ObjectNode resolved) throws IOException {
    boolean there = mayExist && cluster.storage().exists(path);
    plan.write(there ? Plan.Action.REPLACE : Plan.Action.CREATE, path, mode, content,
        secrets.maskContent(content, json, resolved));
  }

  /** What can be checked of a package before anything is written: capabilities, policy, options. */
  private Options precheck(PackageDefinition pkg, String role, ObjectNode userOptions) {
    Capabilities.require(pkg.zeta().requires(), cluster.capabilities(), pkg.name() + "@" + pkg.version(), cluster.name());
    if (pkg.zeta().instancePolicy() == InstancePolicy.ONE_PER_CLUSTER && !Names.SHARED_ROLE.equals(role)) {
      throw new ZetaException(pkg.name() + " allows one instance per cluster, and it must be in role shared, not " + role,
          "install it with --role shared", null);
    }
    return Options.resolve(pkg, userOptions);
  }

  /** With --stage: the version the install would use, if it is staged already (a dry run stages nothing). */
  private Optional<StageManifest> alreadyStaged(Request req, StagedPackages staged) throws IOException {
    if (req.pkg().version().isPresent()) {
      Optional<StageManifest> there = staged.manifest(req.pkg().name(), req.pkg().version().get());
      if (there.isPresent()) {
        return there;
      }
    }
    PackageDefinition fromRepository = catalog.get().resolve(req.pkg());
    return staged.manifest(fromRepository.name(), fromRepository.version());
  }

  /** Stages the version unless it is staged, after checking the install would be accepted. */
  private StageManifest stageFirst(Request req, StagedPackages staged, String role) throws IOException {
    if (req.pkg().version().isPresent()) {
      Optional<StageManifest> already = staged.manifest(req.pkg().name(), req.pkg().version().get());
      if (already.isPresent()) {
        return already.get();
      }
    }
    PackageDefinition fromRepository = catalog.get().resolve(req.pkg());
    Optional<StageManifest> already = staged.manifest(fromRepository.name(), fromRepository.version());
    if (already.isPresent()) {
      return already.get();
    }
    precheck(fromRepository, role, req.userOptions());
    return new StagePackage(cluster, fetcher, progress).run(fromRepository, req.mirror()).manifest();
  }

  /** Packages limited to one instance per role or per cluster serialise their installs on one more lock. */
  private static Locks.Lock policyLock(Locks locks, PackageDefinition pkg, String role) {
    return switch (pkg.zeta().instancePolicy()) {
      case MANY_PER_ROLE -> null;
      case ONE_PER_ROLE -> locks.acquire("policy@" + pkg.name() + "@" + role, "install", null);
      case ONE_PER_CLUSTER -> locks.acquire("policy@" + pkg.name() + "@cluster", "install", null);
    };
  }

  private static void checkExisting(Optional<InstanceEntry> existing, PackageDefinition pkg, String base, String home) {
    if (existing.isEmpty()) {
      return;
    }
    InstanceEntry e = existing.get();
    String where = e.role() + "/" + e.id();
    if (e.state() == StoredState.INSTALLED) {
      throw new ZetaException(where + " is already installed (" + e.pkg() + " " + e.version() + " in " + e.home() + ")",
          "choose another id, or uninstall it first", null);
    }
    if (!e.pkg().equals(pkg.name()) || !e.baseDir().equals(base)) {
      throw new ZetaException(where + " was " + e.pkg() + " in " + e.home() + " and its data is kept; it cannot become "
          + pkg.name() + " in " + home, "purge it with `zeta package uninstall " + where + " --purge`, or use another id", null);
    }
  }

  private static void checkPolicy(List<InstanceEntry> all, PackageDefinition pkg, String role, String id) {
    InstancePolicy policy = pkg.zeta().instancePolicy();
    if (policy == InstancePolicy.MANY_PER_ROLE) {
      return;
    }
    Optional<InstanceEntry> other = all.stream()
        .filter(e -> e.pkg().equals(pkg.name()) && e.state() == StoredState.INSTALLED)
        .filter(e -> policy == InstancePolicy.ONE_PER_CLUSTER || e.role().equals(role))
        .filter(e -> !(e.role().equals(role) && e.id().equals(id)))
        .findFirst();
    if (other.isPresent()) {
      throw new ZetaException(pkg.name() + " allows " + (policy == InstancePolicy.ONE_PER_ROLE ? "one instance per role" : "one instance per cluster")
          + ", and " + other.get().role() + "/" + other.get().id() + " is installed");
    }
  }

  /** An instance may not export a name another instance of its role exports: sourcing both would override one. */
  private void checkEnvNames(String env, String role, String pkgName, String id) throws IOException {
    checkEnvNames(cluster, env, role, pkgName, id);
  }

  /** As an install checks it; also for upgrades and rollbacks, whose env exports may change. */
  static void checkEnvNames(Cluster cluster, String env, String role, String pkgName, String id) throws IOException {
    List<String> mine = EnvFile.names(env);
    if (mine.isEmpty()) {
      return;
    }
    Storage storage = cluster.storage();
    String own = ClusterLayout.envFile(role, pkgName, id);
    for (FileInfo f : storage.list(ClusterLayout.envDir(role))) {
      if (f.directory() || f.path().equals(own) || !f.name().endsWith(".sh")) {
        continue;
      }
      List<String> theirs = EnvFile.names(new String(storage.read(f.path()), java.nio.charset.StandardCharsets.UTF_8));
      for (String name : mine) {
        if (theirs.contains(name)) {
          throw new ZetaException("env export " + name + " of " + role + "/" + id + " would override the one in " + f.path()
              + " (another instance of role " + role + "); refused", "choose another instance id, or uninstall the other instance", null);
        }
      }
    }
  }

  private InstanceRecord record(PackageDefinition pkg, Options options, InstanceRenderer.Rendered rendered,
      InstanceRenderer.Placement at, String home, String installId, Optional<InstanceEntry> previous) {
    String now = Instant.now().toString();
    List<String> appIds = rendered.apps().stream().map(a -> a.path("id").asText()).toList();
    List<String> persistent = pkg.zeta().directories().stream().filter(ZetaExtension.Directory::persistent)
        .map(ZetaExtension.Directory::path).toList();
    Secrets secrets = Secrets.of(pkg);
    return new InstanceRecord(InstanceRecord.FORMAT, pkg.name(), pkg.version(), pkg.releaseVersion(), at.role(), at.id(),
        at.baseDir(), home, appIds, "installed", installId, secrets.strip(options.user()), secrets.strip(options.resolved()),
        persistent, List.copyOf(rendered.configFiles().keySet()), now, now, cluster.doneBy(),
        secrets.present(options.resolved()));
  }

  /**
   * The rendered files of an instance (secrets.json, marathon.json, env.sh, the config files) into
   * a directory being built, as an install writes them; parents of config files that do not exist
   * yet are created. For upgrades and rollbacks, which replace these files one by one.
   */
  static void writeRendered(Storage storage, String dir, PackageDefinition pkg, Options options,
      InstanceRenderer.Rendered rendered) throws IOException {
    Secrets secrets = Secrets.of(pkg);
    if (!secrets.isEmpty()) {
      writeFile(storage, dir + "/" + InstanceSecrets.FILE, InstanceSecrets.content(secrets, options), ClusterLayout.PRIVATE_MODE);
    }
    writeFile(storage, dir + "/" + InstanceRecord.MARATHON, Json.prettyBytes(rendered.marathon()),
        ClusterLayout.INSTANCE_FILE_MODE);
    writeFile(storage, dir + "/" + InstanceRecord.ENV, rendered.env().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        ClusterLayout.INSTANCE_FILE_MODE);
    List<String> secretValues = secrets.values(options.resolved());
    for (ZetaExtension.ConfigFile f : pkg.zeta().configFiles()) {
      byte[] content = rendered.configFiles().get(f.target());
      String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
      String target = dir + "/" + f.target();
      String parent = target.substring(0, target.lastIndexOf('/'));
      if (!storage.exists(parent)) {
        storage.mkdirs(parent, HOME_MODE);
      }
      // A config file the package renders a secret into is not left readable by others, whatever its declared mode.
      boolean holdsSecret = secretValues.stream().anyMatch(text::contains);
      writeFile(storage, target, content, holdsSecret ? f.mode() & ~07 : f.mode());
    }
  }

  static void writeFile(Storage storage, String path, byte[] content, int mode) throws IOException {
    try (OutputStream out = storage.create(path, mode)) {
      out.write(content);
    }
  }

  /**
   * Writes the whole new home into {@code tmp}: every directory and file the plan has under the
   * home, in its order (instance.json last), each created with its mode (no moment where it is
   * wider); those holding option values are never readable by others, and the secret values go
   * to the owner-only secrets.json.
   */
  private void build(String tmp, String home, Plan plan) throws IOException {
    Storage storage = cluster.storage();
    for (Plan.Change c : plan.changes()) {
      if (!c.target().equals(home) && !c.target().startsWith(home + "/")) {
        continue;
      }
      String at = tmp + c.target().substring(home.length());
      if (c.kind() == Plan.Kind.DIRECTORY) {
        storage.mkdirs(at, c.mode());
      } else if (c.kind() == Plan.Kind.FILE) {
        try (OutputStream out = storage.create(at, c.mode())) {
          out.write(c.content());
        }
      }
    }
  }

  /**
   * A new home is published with one rename. Over a removed instance's kept data, the new files
   * are moved in (persistent directories that exist are kept as they are) and instance.json is
   * replaced last: until then the instance still reads as removed.
   */
  private void publish(String tmp, String home, ZetaExtension ext, boolean reinstall) throws IOException {
    Storage storage = cluster.storage();
    if (!reinstall || !storage.exists(home)) {
      storage.rename(tmp, home);
      return;
    }
    List<String> persistent = ext.directories().stream().filter(ZetaExtension.Directory::persistent)
        .map(ZetaExtension.Directory::path).toList();
    refuseLinks(storage, tmp, home, "");
    mergeInto(tmp, home, "", persistent);
    storage.replace(tmp + "/" + InstanceRecord.FILE, home + "/" + InstanceRecord.FILE);
    finishPublish(storage, tmp, home);
  }

  /**
   * After a reinstall's publish step: what is left in {@code tmp} are config files the package
   * renders into persistent directories. They are configuration, not data, so the new ones
   * replace the old; then {@code tmp} goes. Also how `zeta cluster doctor` finishes a reinstall
   * interrupted after its publish step.
   */
  static void finishPublish(Storage storage, String tmp, String home) throws IOException {
    if (!storage.exists(tmp)) {
      return;
    }
    refuseLinks(storage, tmp, home, "");
    moveFiles(storage, tmp, home, "");
    storage.delete(tmp, true);
  }

  /**
   * Refuses, before anything is moved, when a path the new home would be written to passes through
   * a symbolic link: a link planted in kept data (between uninstall and reinstall) must not
   * redirect a config file outside the home. Checked component by component without following.
   */
  static void refuseLinks(Storage storage, String from, String to, String rel) throws IOException {
    refuseLink(storage, storage.firstLink(rel.isEmpty() ? to : to + "/" + rel));
    for (FileInfo f : storage.list(rel.isEmpty() ? from : from + "/" + rel)) {
      String child = (rel.isEmpty() ? "" : rel + "/") + f.name();
      if (f.directory()) {
        refuseLinks(storage, from, to, child);
      } else {
        refuseLink(storage, storage.firstLink(to + "/" + child));
      }
    }
  }

  private static void refuseLink(Storage storage, Optional<Storage.Link> link) {
    if (link.isPresent()) {
      throw new ZetaException(link.get().path() + " is a symbolic link (to " + link.get().target() + "); Zeta never writes "
          + "through a link into an instance home, refused", "remove the link (Zeta did not make it), then install again", null);
    }
  }

  private static void moveFiles(Storage storage, String from, String to, String rel) throws IOException {
    for (FileInfo f : storage.list(rel.isEmpty() ? from : from + "/" + rel)) {
      String child = (rel.isEmpty() ? "" : rel + "/") + f.name();
      if (f.directory()) {
        moveFiles(storage, from, to, child);
      } else if (!child.equals(InstanceRecord.FILE)) {
        String target = to + "/" + child;
        String parent = target.substring(0, target.lastIndexOf('/'));
        if (!storage.exists(parent)) {
          storage.mkdirs(parent, 0750);
        }
        storage.replace(from + "/" + child, target);
      }
    }
  }

  private void mergeInto(String from, String to, String rel, List<String> persistent) throws IOException {
    Storage storage = cluster.storage();
    for (FileInfo f : storage.list(rel.isEmpty() ? from : from + "/" + rel)) {
      String child = (rel.isEmpty() ? "" : rel + "/") + f.name();
      if (child.equals(InstanceRecord.FILE)) {
        continue;
      }
      String target = to + "/" + child;
      Optional<FileInfo> there = storage.info(target);
      if (there.isEmpty()) {
        storage.rename(from + "/" + child, target);
      } else if (persistent.contains(child)) {
        continue;
      } else if (f.directory() && there.get().directory() && persistent.stream().anyMatch(p -> p.startsWith(child + "/"))) {
        mergeInto(from, to, child, persistent);
      } else {
        storage.delete(target, true);
        storage.rename(from + "/" + child, target);
      }
    }
  }
}
