package io.zeta.cluster;

import io.zeta.ZetaException;
import io.zeta.catalog.RepositoryList;
import io.zeta.cluster.storage.FreezableStorage;
import io.zeta.cluster.storage.HadoopStorage;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.Set;

/** An initialised Zeta cluster: its storage, configuration and the services built on them. */
public final class Cluster implements Closeable {
  private final Storage storage;
  private final ClusterConfig config;
  private final Actor actor;
  private final Locks locks;
  private Access access;
  private final java.util.List<Closeable> resources = new java.util.ArrayList<>();
  /** A view for another principal ({@link #as}): closing it closes nothing of the cluster it views. */
  private final boolean view;

  private Cluster(Storage storage, ClusterConfig config, Actor actor) {
    this(storage, config, actor, new Locks(storage, actor), false);
  }

  private Cluster(Storage storage, ClusterConfig config, Actor actor, Locks locks, boolean view) {
    this.storage = storage;
    this.config = config;
    this.actor = actor;
    this.locks = locks;
    this.view = view;
  }

  /**
   * This cluster as another principal acts on it: the same storage, configuration and locks, with
   * {@code who}'s rights and audit name. For a server that acts for each request's principal
   * ({@code zeta serve}); closing the view closes nothing of this cluster.
   */
  public Cluster as(Access who) {
    Cluster v = new Cluster(storage, config, actor, locks, true);
    v.access = who;
    return v;
  }

  /** Opens the cluster at a root URI; fails clearly if there is none. */
  public static Cluster open(URI root) {
    Storage storage;
    try {
      storage = new FreezableStorage(HadoopStorage.open(root));
    } catch (ZetaException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ZetaException("cannot reach the cluster filesystem at " + root + ": " + io.zeta.Causes.describe(e),
          "check the cluster URI (--cluster, $ZETA_CLUSTER or the current cluster in ~/.zeta/config.json)", e);
    }
    return open(storage);
  }

  public static Cluster open(Storage storage) {
    try {
      ClusterConfig config = Json.read(storage.read(ClusterLayout.CLUSTER_CONFIG), ClusterConfig.class,
          storage.uri(ClusterLayout.CLUSTER_CONFIG));
      return new Cluster(storage, config, Actor.current());
    } catch (FileNotFoundException e) {
      closeQuietly(storage);
      throw new ZetaException("no Zeta cluster at " + storage.rootUri() + " (no " + ClusterLayout.CLUSTER_CONFIG + ")",
          "create one with `zeta cluster init --root " + storage.rootUri() + "`", null);
    } catch (IOException e) {
      closeQuietly(storage);
      throw new ZetaException("cannot read the cluster configuration at " + storage.rootUri() + ": "
          + io.zeta.Causes.describe(e), "check that the cluster's filesystem is reachable", e);
    }
  }

  public Storage storage() {
    return storage;
  }

  public ClusterConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  public Actor actor() {
    return actor;
  }

  /**
   * Who did it, as records on storage say it (stagedBy, installedBy, a revision's author): this
   * process ({@code root@host (pid 1)}), preceded by the principal when it is someone else (a
   * server acting for a logged-in user: {@code alice via root@host (pid 1)}).
   */
  public String doneBy() {
    String who = access().principal();
    return who.equals(actor.user()) ? actor.toString() : who + " via " + actor;
  }

  public Locks locks() {
    return locks;
  }

  public ClusterIndex index() {
    return new ClusterIndex(storage);
  }

  public AuditLog audit() {
    return new AuditLog(storage, actor, () -> access().principal());
  }

  /**
   * Who acts on this cluster and what they may do: every lifecycle verb asks it before it
   * changes or shows anything of a role. Until a front end grants one ({@link #grant}), nothing
   * is allowed where roles are enforced, everything where they are not.
   */
  public synchronized Access access() {
    if (access == null) {
      access = Access.initial(config, actor);
    }
    return access;
  }

  /** The principal's rights from here on (the CLI's OS or Kerberos user, the HTTP API's logged-in user). */
  public synchronized Cluster grant(Access next) {
    access = next;
    return this;
  }

  /** An admin acting as another user from here on ({@code --as}); refused for anyone else. */
  public synchronized Cluster actAs(String user) {
    access = access().actingAs(user);
    return this;
  }

  /** Something to close with the cluster (the directory connection its access uses). */
  public synchronized void closing(Closeable resource) {
    resources.add(resource);
  }

  public Roles roles() {
    return new Roles(storage, locks, config.adminUser(), actor, this::access);
  }

  public RepositoryList repositories() {
    return new RepositoryList(new ClusterRepositoryStore(storage, locks));
  }

  public Set<String> capabilities() {
    return Capabilities.of(storage.scheme(), mountPoint().isPresent(), config);
  }

  /** The POSIX path where tasks see the cluster root: the configured mount, or a file: root itself. */
  public java.util.Optional<String> mountPoint() {
    if (config.mount() != null && !config.mount().isBlank()) {
      return java.util.Optional.of(config.mount().replaceAll("/+$", ""));
    }
    if ("file".equals(storage.scheme())) {
      return java.util.Optional.of(java.net.URI.create(storage.rootUri()).getPath().replaceAll("/+$", ""));
    }
    return java.util.Optional.empty();
  }

  /** Replaces the administrator-declared capabilities. */
  public Cluster withDeclaredCapabilities(java.util.List<String> declared) throws IOException {
    // A token an old cluster.json holds moves to its file first: the rewrite drops the field.
    access().require(Access.Action.ADMINISTER, null);
    ClusterConfig next = config.withCapabilities(declared);
    try (Locks.Lock lock = locks.acquire("config", "capabilities", null)) {
      SchedulerToken.migrate(storage, config);
      storage.write(ClusterLayout.CLUSTER_CONFIG, Json.prettyBytes(next.withoutToken()), ClusterLayout.CONFIG_MODE);
    }
    return inheriting(new Cluster(storage, next, actor));
  }

  /** A new view of this cluster acts for the same principal. */
  private synchronized Cluster inheriting(Cluster next) {
    next.access = access;
    next.resources.addAll(resources);
    return next;
  }

  /**
   * Sets the scheduler ({@code local} or Marathon's http(s) URL; null keeps it) and, if given, its
   * token (into its owner-only file), under the config lock. The token is written first: a crash
   * between the two leaves the old scheduler with a token it ignores or the new one with its token.
   */
  public Cluster withScheduler(String scheduler, String token) throws IOException {
    if (scheduler != null) {
      ClusterInitializer.validateScheduler(scheduler);
    }
    try (Locks.Lock lock = locks.acquire("config", "set the scheduler", null)) {
      ClusterConfig current = SchedulerToken.migrate(storage, Json.read(storage.read(ClusterLayout.CLUSTER_CONFIG),
          ClusterConfig.class, storage.uri(ClusterLayout.CLUSTER_CONFIG)));
      if (token != null) {
        SchedulerToken.write(storage, token);
      }
      ClusterConfig next = scheduler == null ? current : current.withScheduler(scheduler);
      storage.write(ClusterLayout.CLUSTER_CONFIG, Json.prettyBytes(next.withoutToken()), ClusterLayout.CONFIG_MODE);
      return new Cluster(storage, next, actor);
    }
  }

  /**
   * Sets (or, with null, drops) the directory: cluster.json rewritten under the config lock, still
   * 0644 and secret-free (the caller writes the bind password to its own file first).
   */
  public Cluster withDirectory(DirectoryConfig directory) throws IOException {
    try (Locks.Lock lock = locks.acquire("config", "directory", null)) {
      ClusterConfig current = Json.read(storage.read(ClusterLayout.CLUSTER_CONFIG), ClusterConfig.class,
          storage.uri(ClusterLayout.CLUSTER_CONFIG));
      SchedulerToken.migrate(storage, current);
      ClusterConfig next = current.withDirectory(directory).withoutToken();
      storage.write(ClusterLayout.CLUSTER_CONFIG, Json.prettyBytes(next), ClusterLayout.CONFIG_MODE);
      return inheriting(new Cluster(storage, next, actor));
    }
  }

  /**
   * Sets the registry (cluster.json rewritten under the config lock, still secret-free: the caller
   * writes the password to its own file first).
   */
  public Cluster withRegistry(RegistryConfig registry) throws IOException {
    access().require(Access.Action.ADMINISTER, null);
    try (Locks.Lock lock = locks.acquire("config", "registry", null)) {
      ClusterConfig current = Json.read(storage.read(ClusterLayout.CLUSTER_CONFIG), ClusterConfig.class,
          storage.uri(ClusterLayout.CLUSTER_CONFIG));
      SchedulerToken.migrate(storage, current);
      ClusterConfig next = current.withRegistry(registry).withoutToken();
      storage.write(ClusterLayout.CLUSTER_CONFIG, Json.prettyBytes(next), ClusterLayout.CONFIG_MODE);
      return inheriting(new Cluster(storage, next, actor));
    }
  }

  /** The scheduler's token, if there is one this user may read; read only when a client is built. */
  public java.util.Optional<String> schedulerToken() throws IOException {
    return SchedulerToken.read(storage, config);
  }

  /** Moves a token cluster.json still holds to its own owner-only file (doctor --repair). */
  public Cluster withTokenMigrated() throws IOException {
    try (Locks.Lock lock = locks.acquire("config", "migrate the scheduler token", null)) {
      ClusterConfig current = Json.read(storage.read(ClusterLayout.CLUSTER_CONFIG), ClusterConfig.class,
          storage.uri(ClusterLayout.CLUSTER_CONFIG));
      return inheriting(new Cluster(storage, SchedulerToken.migrate(storage, current), actor));
    }
  }

  @Override
  public void close() throws IOException {
    if (view) {
      return;
    }
    locks.close();
    for (Closeable r : resources) {
      try {
        r.close();
      } catch (IOException | RuntimeException ignored) {
        // A directory connection that fails to close changes nothing on the cluster.
      }
    }
    storage.close();
  }

  private static void closeQuietly(Storage storage) {
    try {
      storage.close();
    } catch (IOException ignored) {
      // Nothing to do: the error being reported matters more.
    }
  }
}
