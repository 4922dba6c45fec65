package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Snapshots;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import io.zeta.render.Options;
import io.zeta.render.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The revisions of one instance, one file each in {@code <home>/revisions/}: listed, written
 * (atomically, one file at a time), and pruned to a limit with their data snapshots.
 */
public final class Revisions {
  public static final String DIR = io.zeta.catalog.ReservedNames.REVISIONS;
  /** How many revisions an instance keeps unless told otherwise (Helm's --history-max). */
  public static final int DEFAULT_MAX = 10;
  /** Data snapshots Zeta takes are named after the revision they were taken for. */
  static final String SNAPSHOT_PREFIX = "zeta-r";

  private final Storage storage;
  private final String home;

  public Revisions(Storage storage, String home) {
    this.storage = storage;
    this.home = home;
  }

  String dir() {
    return home + "/" + DIR;
  }

  /** Every revision, oldest first; files that do not parse are skipped (a half-written one cannot exist: writes are atomic). */
  public List<Revision> list() throws IOException {
    List<Revision> out = new ArrayList<>();
    for (FileInfo f : storage.list(dir())) {
      if (!f.directory() && f.name().matches("[0-9]{1,9}\\.json")) {
        try {
          out.add(Json.read(storage.read(f.path()), Revision.class, f.path()));
        } catch (ZetaException e) {
          // a file Zeta did not write: not a revision
        }
      }
    }
    out.sort(Comparator.comparingInt(Revision::revision));
    return out;
  }

  public Optional<Revision> get(int n) throws IOException {
    return list().stream().filter(r -> r.revision() == n).findFirst();
  }

  /** The revision instance.json carries (by its installId), if any. */
  public Optional<Revision> current(String installId) throws IOException {
    List<Revision> all = list();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).changeId() != null && all.get(i).changeId().equals(installId)) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  int next() throws IOException {
    return list().stream().mapToInt(Revision::revision).max().orElse(0) + 1;
  }

  void write(Revision r) throws IOException {
    if (!storage.exists(dir())) {
      storage.mkdirs(dir(), InstallInstance.HOME_MODE);
    }
    storage.write(dir() + "/" + r.revision() + ".json", Json.prettyBytes(r), ClusterLayout.INSTANCE_FILE_MODE);
  }

  /** A new revision record of a rendered instance; secret values masked in its options and files. */
  static Revision record(int n, PackageDefinition pkg, Options options, InstanceRenderer.Rendered rendered, String action,
      String status, String principal, String description, String changeId, String snapshot, List<String> snapshotDirs) {
    Secrets secrets = Secrets.of(pkg);
    ObjectNode resolved = options.resolved();
    Map<String, String> files = new LinkedHashMap<>();
    rendered.configFiles().forEach((k, v) -> files.put(k, secrets.redact(new String(v, StandardCharsets.UTF_8), resolved)));
    ObjectNode marathon = Json.parseObject(secrets.redact(Json.pretty(rendered.marathon()), resolved), "rendered apps");
    return new Revision(Revision.FORMAT, n, pkg.name(), pkg.version(), action, status, principal, Instant.now().toString(),
        description, changeId, secrets.mask(options.user()), marathon, files, snapshot, snapshotDirs);
  }

  /**
   * Keeps the newest {@code max} revisions (never the current one) and deletes the others with
   * their data snapshots; returns the numbers deleted.
   */
  List<Integer> prune(int max, String currentChangeId) throws IOException {
    List<Revision> all = list();
    List<Integer> deleted = new ArrayList<>();
    int excess = all.size() - Math.max(1, max);
    for (Revision r : all) {
      if (excess <= 0) {
        break;
      }
      if (r.changeId() != null && r.changeId().equals(currentChangeId)) {
        continue;
      }
      deleteSnapshot(storage, home, r);
      storage.delete(dir() + "/" + r.revision() + ".json", false);
      deleted.add(r.revision());
      excess--;
    }
    return deleted;
  }

  /** Deletes the data snapshot a revision names, from each of its directories. */
  static void deleteSnapshot(Storage storage, String home, Revision r) throws IOException {
    Optional<Snapshots> snapshots = storage.snapshots();
    if (snapshots.isEmpty() || !r.hasSnapshot()) {
      return;
    }
    for (String d : r.snapshotDirs()) {
      if (storage.exists(home + "/" + d)) {
        snapshots.get().delete(home + "/" + d, r.snapshot());
      }
    }
  }

  /**
   * Deletes every snapshot Zeta took of an instance's persistent directories: before a purge
   * (HDFS refuses to delete a directory that has snapshots) and when an uninstall drops the history.
   */
  static void deleteAllSnapshots(Storage storage, String home, List<String> persistentDirs) throws IOException {
    Optional<Snapshots> snapshots = storage.snapshots();
    if (snapshots.isEmpty()) {
      return;
    }
    for (String d : persistentDirs) {
      String dir = home + "/" + d;
      for (String name : snapshots.get().list(dir)) {
        if (name.startsWith(SNAPSHOT_PREFIX)) {
          snapshots.get().delete(dir, name);
        }
      }
    }
  }
}
