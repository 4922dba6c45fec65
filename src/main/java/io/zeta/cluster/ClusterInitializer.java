package io.zeta.cluster;

import io.zeta.ZetaException;
import io.zeta.cluster.storage.AlreadyExistsException;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code zeta cluster init}: lays out a new cluster. The directories come first (creating them
 * twice is harmless) and the configuration last, with create-if-absent: it is what makes the
 * tree a cluster, and it means an init on an existing cluster changes nothing.
 */
public final class ClusterInitializer {
  private static final List<String> KSTORE_DIRS = List.of(ClusterLayout.ENV, ClusterLayout.ROLES,
      ClusterLayout.INDEX_INSTANCES, ClusterLayout.INDEX_STAGES, ClusterLayout.LOCKS, ClusterLayout.AUDIT_DIR);

  private ClusterInitializer() {}

  /** What init did: created a cluster, or found one (and changed nothing). */
  public record Result(boolean created, ClusterConfig config) {}

  public static Result init(Storage storage, String name, String scheduler, String adminUser, List<String> capabilities,
      String mount) throws IOException {
    return init(storage, name, scheduler, adminUser, capabilities, mount, null);
  }

  /** As above, with the scheduler's token (null for none), written to its own owner-only file. */
  public static Result init(Storage storage, String name, String scheduler, String adminUser, List<String> capabilities,
      String mount, String schedulerToken) throws IOException {
    if (storage.exists(ClusterLayout.CLUSTER_CONFIG)) {
      return new Result(false, Json.read(storage.read(ClusterLayout.CLUSTER_CONFIG), ClusterConfig.class, "cluster.json"));
    }
    validateScheduler(scheduler);
    if (mount != null && !mount.startsWith("/")) {
      throw new ZetaException("--mount must be an absolute path, got '" + mount + "'");
    }
    for (String cap : capabilities) {
      if (!cap.matches("^[a-z][a-z0-9-]*(:[a-z0-9][a-z0-9.+-]*)?$")) {
        throw new ZetaException("invalid capability '" + cap + "': lowercase words with '-', optionally kind:value");
      }
    }
    if (schedulerToken != null && ClusterConfig.LOCAL_SCHEDULER.equals(scheduler)) {
      throw new ZetaException("a scheduler token is for Marathon; the local scheduler makes its own",
          "drop the token, or give --scheduler Marathon's URL", null);
    }
    Actor actor = Actor.current();
    for (String base : Names.BASE_DIRS) {
      storage.mkdirs(ClusterLayout.baseDir(base), 0755);
    }
    storage.mkdirs(ClusterLayout.SHARED, 0755);
    for (String dir : KSTORE_DIRS) {
      storage.mkdirs(dir, 0755);
    }
    ClusterConfig config = new ClusterConfig(ClusterConfig.FORMAT, name, storage.rootUri(), scheduler, adminUser,
        capabilities, Instant.now().toString(), actor.toString(), null, mount, null, null);
    if (schedulerToken != null) {
      // Before cluster.json: a crash between the two leaves no cluster, and a re-run rewrites it.
      SchedulerToken.write(storage, schedulerToken);
    }
    try {
      storage.createExclusive(ClusterLayout.CLUSTER_CONFIG, Json.prettyBytes(config), ClusterLayout.CONFIG_MODE);
    } catch (AlreadyExistsException raced) {
      return new Result(false, Json.read(storage.read(ClusterLayout.CLUSTER_CONFIG), ClusterConfig.class, "cluster.json"));
    }
    Cluster cluster = Cluster.open(storage);
    cluster.roles().add(Names.SHARED_ROLE);
    return new Result(true, config);
  }

  static void validateScheduler(String scheduler) {
    if (ClusterConfig.LOCAL_SCHEDULER.equals(scheduler)) {
      return;
    }
    try {
      java.net.URI uri = new java.net.URI(scheduler);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new ZetaException("--scheduler must be 'local' or Marathon's http(s) URL, got '" + scheduler + "'");
      }
    } catch (java.net.URISyntaxException e) {
      throw new ZetaException("--scheduler must be 'local' or Marathon's http(s) URL, got '" + scheduler + "'");
    }
  }
}
