package io.zeta.cluster;

import io.zeta.ZetaException;
import io.zeta.cluster.storage.AlreadyExistsException;
import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import io.zeta.cluster.volume.Volumes;
import io.zeta.json.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Roles (teams, tenants): per role, {@code /<base>/<role>} in each base dir owned by the admin
 * user and group {@code zeta<role><base>} with mode 0770, and an env directory. The role record
 * is written last and is the role's existence.
 */
public final class Roles {
  static final int ROLE_DIR_MODE = 0770;
  static final int ENV_DIR_MODE = 0775;

  private final Storage storage;
  private final Locks locks;
  private final String adminUser;
  private final Actor actor;
  private final java.util.function.Supplier<Access> authorizer;

  public Roles(Storage storage, Locks locks, String adminUser, Actor actor, java.util.function.Supplier<Access> authorizer) {
    this.storage = storage;
    this.locks = locks;
    this.adminUser = adminUser;
    this.actor = actor;
    this.authorizer = authorizer;
  }

  public static String group(String role, String base) {
    return "zeta" + role + base;
  }

  public boolean exists(String role) throws IOException {
    return storage.exists(ClusterLayout.roleRecord(role));
  }

  /** Fails with a clear error unless the role exists. */
  public void require(String role) throws IOException {
    if (!exists(role)) {
      throw new ZetaException("unknown role '" + role + "'", "create it with `zeta role add " + role + "`; see `zeta role list`", null);
    }
  }

  /** The quotas of roles' directories, through the storage's volume backend. */
  public RoleQuotas quotas() {
    return new RoleQuotas(Volumes.of(storage));
  }

  /** What {@link #add(String, RoleQuotas.Request, boolean)} did: created the role, or found it as asked. */
  public record Added(RoleRecord record, boolean created) {}

  public RoleRecord add(String role) throws IOException {
    return add(role, RoleQuotas.Request.NONE, false).record();
  }

  /**
   * Adds a role with the quotas asked for. A role that exists is fine when {@code existingIsFine}
   * and its settings are those asked for (so `role add` can be repeated); other settings are refused
   * and point at `role set`. Quotas the storage cannot hold are refused before anything is written;
   * a failure before the record is written removes the directories this call created.
   */
  public Added add(String role, RoleQuotas.Request quotas, boolean existingIsFine) throws IOException {
    Names.role(role);
    authorizer.get().require(Access.Action.ROLE_ADD, role);
    RoleQuotas roleQuotas = quotas();
    roleQuotas.requireSupported(quotas);
    try (Locks.Lock lock = locks.acquire("role@" + role, "role add", null)) {
      if (exists(role)) {
        if (!existingIsFine) {
          throw new ZetaException("role " + role + " already exists");
        }
        List<String> differences = roleQuotas.differences(role, quotas);
        if (!differences.isEmpty()) {
          throw new ZetaException("role " + role + " already exists with other settings: " + String.join("; ", differences),
              "change them with `zeta role set " + role + " --space-quota SIZE --namespace-quota COUNT` (none clears one)", null);
        }
        return new Added(read(role).orElseThrow(() -> new ZetaException("role " + role + " was removed meanwhile")), false);
      }
      List<String> created = new ArrayList<>();
      try {
        return new Added(create(role, quotas, roleQuotas, created), true);
      } catch (IOException | RuntimeException e) {
        for (int i = created.size() - 1; i >= 0; i--) {
          try {
            storage.delete(created.get(i), false);
          } catch (IOException | RuntimeException ignored) {
            // Left for `cluster doctor`, which removes empty directories of unknown roles.
          }
        }
        throw e;
      }
    }
  }

  private RoleRecord create(String role, RoleQuotas.Request quotas, RoleQuotas roleQuotas, List<String> created)
      throws IOException {
    List<RoleRecord.RoleDir> dirs = new ArrayList<>();
    for (String base : Names.BASE_DIRS) {
      String path = ClusterLayout.roleDir(base, role);
      if (!storage.exists(path)) {
        created.add(path);
      }
      roleQuotas.volumes().create(path, ROLE_DIR_MODE);
      String group = group(role, base);
      boolean applied = true;
      String note = "";
      try {
        storage.setOwner(path, adminUser, group);
      } catch (IOException e) {
        applied = false;
        note = "owner not applied: " + firstLine(e.getMessage());
      }
      dirs.add(new RoleRecord.RoleDir(base, path, adminUser, group, "0770", applied, note));
    }
    roleQuotas.apply(role, quotas);
    if (!storage.exists(ClusterLayout.envDir(role))) {
      created.add(ClusterLayout.envDir(role));
    }
    storage.mkdirs(ClusterLayout.envDir(role), ENV_DIR_MODE);
    try {
      // Env files are 0640: the role reads them through the group they get from this directory.
      storage.setOwner(ClusterLayout.envDir(role), adminUser, group(role, "zeta"));
    } catch (IOException e) {
      // As for the role dirs where groups do not exist (a local cluster): the owner's group stays.
    }
    RoleRecord record = new RoleRecord(role, Instant.now().toString(), actor.toString(), dirs);
    try {
      storage.createExclusive(ClusterLayout.roleRecord(role), Json.prettyBytes(record));
    } catch (AlreadyExistsException e) {
      throw new ZetaException("role " + role + " already exists");
    }
    return record;
  }

  /** `role set`: changes the quotas of a role that exists. */
  public void setQuotas(String role, RoleQuotas.Request quotas) throws IOException {
    authorizer.get().require(Access.Action.ADMINISTER, role);
    Names.role(role);
    RoleQuotas roleQuotas = quotas();
    roleQuotas.requireSupported(quotas);
    try (Locks.Lock lock = locks.acquire("role@" + role, "role set", null)) {
      require(role);
      roleQuotas.apply(role, quotas);
    }
  }

  /** The shared role's uid start, and the step from one role's range to the next (the original Zeta's). */
  public static final long UID_STEP = 1_000_000L;

  /**
   * Where a new role's uid range starts: the highest start recorded plus a million (the shared role
   * has the first, 1,000,000), as the original Zeta's {@code zetauid.list}.
   */
  public long nextUidStart() throws IOException {
    long max = UID_STEP; // shared
    for (RoleRecord r : list()) {
      if (r.uidStart() != null) {
        max = Math.max(max, r.uidStart());
      }
    }
    return max + UID_STEP;
  }

  /** Records the role's uid start (once its directory accounts exist); the record is rewritten atomically. */
  public RoleRecord recordUidStart(String role, long start) throws IOException {
    try (Locks.Lock lock = locks.acquire("role@" + role, "role uid range", null)) {
      RoleRecord record = read(role).orElseThrow(() -> new ZetaException("unknown role '" + role + "'"));
      if (record.uidStart() != null && record.uidStart() == start) {
        return record;
      }
      RoleRecord next = record.withUidStart(start);
      storage.write(ClusterLayout.roleRecord(role), Json.prettyBytes(next));
      return next;
    }
  }

  public List<RoleRecord> list() throws IOException {
    List<RoleRecord> out = new ArrayList<>();
    for (FileInfo f : storage.list(ClusterLayout.ROLES)) {
      if (f.name().endsWith(".json")) {
        read(f.name().substring(0, f.name().length() - 5)).ifPresent(out::add);
      }
    }
    return out;
  }

  public Optional<RoleRecord> read(String role) throws IOException {
    try {
      return Optional.of(Json.read(storage.read(ClusterLayout.roleRecord(role)), RoleRecord.class, ClusterLayout.roleRecord(role)));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Removes a role that has no instances (installed or removed with data kept). The record goes
   * first, so no install can start in the role; if an install was already under way, it is put back.
   */
  public void remove(String role, ClusterIndex index) throws IOException {
    Names.role(role);
    if (Names.SHARED_ROLE.equals(role)) {
      throw new ZetaException("role shared cannot be removed: every cluster has it");
    }
    authorizer.get().require(Access.Action.ROLE_REMOVE, role);
    try (Locks.Lock lock = locks.acquire("role@" + role, "role remove", null)) {
      RoleRecord record = read(role).orElseThrow(() -> new ZetaException("unknown role '" + role + "'", "see `zeta role list`", null));
      checkUnused(role, index);
      byte[] saved = storage.read(ClusterLayout.roleRecord(role));
      storage.delete(ClusterLayout.roleRecord(role), false);
      try {
        checkUnused(role, index);
        for (String base : Names.BASE_DIRS) {
          String dir = ClusterLayout.roleDir(base, role);
          List<FileInfo> content = storage.list(dir);
          if (!content.isEmpty()) {
            throw new ZetaException("role " + role + " still has files in " + dir + " (" + content.get(0).name()
                + (content.size() > 1 ? " and " + (content.size() - 1) + " more" : "") + ")", "move or delete them first", null);
          }
        }
      } catch (ZetaException e) {
        storage.createExclusive(ClusterLayout.roleRecord(role), saved);
        throw e;
      }
      Volumes volumes = Volumes.of(storage);
      for (String base : Names.BASE_DIRS) {
        volumes.remove(ClusterLayout.roleDir(base, role));
      }
      storage.delete(ClusterLayout.envDir(role), true);
      assert record.name().equals(role);
    }
  }

  /**
   * The refusals of {@link #remove} that need no lock (bad name, role shared, unknown role,
   * instances in it), so that a confirmation is asked only of a removal that can happen.
   */
  public void requireRemovable(String role, ClusterIndex index) throws IOException {
    Names.role(role);
    if (Names.SHARED_ROLE.equals(role)) {
      throw new ZetaException("role shared cannot be removed: every cluster has it");
    }
    if (!exists(role)) {
      throw new ZetaException("unknown role '" + role + "'", "see `zeta role list`", null);
    }
    checkUnused(role, index);
  }

  /** Refuses a role that still has instances (installed, or removed with data kept). */
  public void checkUnused(String role, ClusterIndex index) {
    List<String> used = index.instances().stream().filter(e -> e.role().equals(role))
        .map(e -> e.id() + " (" + e.pkg() + ", " + e.state().id() + ")").toList();
    if (!used.isEmpty()) {
      throw new ZetaException("role " + role + " has instances: " + String.join(", ", used),
          "uninstall them with `zeta package uninstall " + role + "/ID --purge` first", null);
    }
    boolean busy = locks.list().stream().anyMatch(l -> l.name().startsWith("instance@" + role + "@"));
    if (busy) {
      throw new ZetaException("role " + role + " has an install or uninstall in progress; try again later");
    }
  }

  private static String firstLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
