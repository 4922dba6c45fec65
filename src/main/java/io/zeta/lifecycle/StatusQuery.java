package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.cluster.LockInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code zeta package status} and {@code list}: the state of packages and instances from the
 * evidence: the index on shared storage (one listing for instances, one for stages, one for
 * operations in progress) and one query to the scheduler. When the scheduler cannot be reached,
 * an instance that was ever started is {@code unknown} (with the reason), never a state guessed
 * from storage; one that never was (no {@code scheduler.json} in its home, one read each, only
 * then) is {@code installed}, which is certain.
 *
 * <p>Instance states: {@code installed} (on storage, not running: never started, or stopped),
 * {@code deploying} (a deployment changes an app), {@code running} (every app runs all its tasks,
 * healthy where checked), {@code degraded} (some apps or tasks are up, not all), {@code failed}
 * (apps want tasks and none is up), {@code unknown} (the scheduler could not be asked),
 * {@code removed} (uninstalled, data kept).
 */
public final class StatusQuery {
  public static final String NOT_INSTALLED = "not-installed";
  public static final String STAGED = "staged";
  public static final String INSTALLED = "installed";
  public static final String DEPLOYING = "deploying";
  public static final String RUNNING = "running";
  public static final String FAILED = "failed";
  public static final String DEGRADED = "degraded";
  public static final String UNKNOWN = "unknown";
  public static final String REMOVED = "removed";

  /**
   * One instance; {@code dir} is its base dir, {@code home} its cluster path; {@code reason} says
   * why the state is {@code unknown} (null otherwise).
   */
  public record InstanceStatus(String role, String id, String pkg, String version, String dir, String home, String state,
      String reason) {
    public InstanceStatus(String role, String id, String pkg, String version, String dir, String home, String state) {
      this(role, id, pkg, version, dir, home, state, null);
    }
  }

  public record PackageStatus(String pkg, String state, List<String> staged, List<InstanceStatus> instances) {}

  /**
   * Everything status knows. {@code schedulerError} is set when the scheduler could not be asked;
   * {@code pending} lists operations in progress (or left by a crash).
   */
  public record Report(List<PackageStatus> packages, Optional<String> schedulerError, List<LockInfo> pending) {
    public List<InstanceStatus> instances() {
      List<InstanceStatus> out = new ArrayList<>();
      packages.forEach(p -> out.addAll(p.instances()));
      out.sort(Comparator.comparing(InstanceStatus::role).thenComparing(InstanceStatus::id));
      return out;
    }

    public PackageStatus pkg(String name) {
      return packages.stream().filter(p -> p.pkg().equals(name)).findFirst()
          .orElse(new PackageStatus(name, NOT_INSTALLED, List.of(), List.of()));
    }

    public InstanceStatus instance(String role, String id) {
      return instances().stream().filter(i -> i.role().equals(role) && i.id().equals(id)).findFirst()
          .orElseThrow(() -> new ZetaException("no instance " + role + "/" + id, "see `zeta package list`", null));
    }
  }

  private final Cluster cluster;
  private final AppRuntime runtime;

  public StatusQuery(Cluster cluster, AppRuntime runtime) {
    this.cluster = cluster;
    this.runtime = runtime;
  }

  public Report report() {
    ClusterIndex index = cluster.index();
    List<InstanceEntry> entries = index.instances();
    Map<String, TreeSet<String>> staged = new TreeMap<>();
    index.stages().forEach(s -> staged.computeIfAbsent(s.pkg(), k -> new TreeSet<>()).add(s.version()));
    Map<String, String> appStates = Map.of();
    Optional<String> schedulerError = Optional.empty();
    if (entries.stream().anyMatch(e -> e.state() == StoredState.INSTALLED)) {
      try {
        appStates = runtime.states("/");
      } catch (ZetaException e) {
        schedulerError = Optional.of(e.getMessage());
      }
    }
    Map<String, List<InstanceStatus>> byPackage = new TreeMap<>();
    for (InstanceEntry e : entries) {
      String state = instanceState(e, appStates);
      String reason = null;
      if (schedulerError.isPresent() && state.equals(INSTALLED) && everStarted(e)) {
        state = UNKNOWN;
        reason = schedulerError.get();
      }
      byPackage.computeIfAbsent(e.pkg(), k -> new ArrayList<>()).add(new InstanceStatus(e.role(), e.id(), e.pkg(),
          e.version(), e.baseDir(), e.home(), state, reason));
    }
    TreeSet<String> names = new TreeSet<>(staged.keySet());
    names.addAll(byPackage.keySet());
    List<PackageStatus> packages = new ArrayList<>();
    for (String name : names) {
      List<InstanceStatus> instances = new ArrayList<>(byPackage.getOrDefault(name, List.of()));
      instances.sort(Comparator.comparing(InstanceStatus::role).thenComparing(InstanceStatus::id));
      List<String> versions = new ArrayList<>(staged.getOrDefault(name, new TreeSet<>()));
      packages.add(new PackageStatus(name, packageState(!versions.isEmpty(), instances), versions, instances));
    }
    return new Report(packages, schedulerError, cluster.locks().list());
  }

  /** Whether the instance's apps were ever sent to a scheduler (its home has the marker). */
  private boolean everStarted(InstanceEntry e) {
    try {
      return SchedulerMarker.read(cluster.storage(), e.home()).isPresent();
    } catch (java.io.IOException | ZetaException ex) {
      return true; // cannot tell: not a proof that it never ran
    }
  }

  /** From the stored state and the scheduler's view of the instance's apps. */
  static String instanceState(InstanceEntry e, Map<String, String> appStates) {
    if (e.state() == StoredState.REMOVED) {
      return REMOVED;
    }
    String prefix = "/" + e.role() + "/" + e.id();
    return combine(appStates.entrySet().stream()
        .filter(a -> a.getKey().equals(prefix) || a.getKey().startsWith(prefix + "/"))
        .map(Map.Entry::getValue).toList());
  }

  /**
   * An instance's state from its apps' ({@link io.zeta.scheduler.AppState} ids of the apps the
   * scheduler has): none or all stopped is installed; any deploying is deploying; all running is
   * running; some up (running or degraded) is degraded; else failed.
   */
  public static String combine(List<String> states) {
    if (states.isEmpty() || states.stream().allMatch("stopped"::equals)) {
      return INSTALLED;
    }
    if (states.contains(DEPLOYING)) {
      return DEPLOYING;
    }
    if (states.stream().allMatch(RUNNING::equals)) {
      return RUNNING;
    }
    if (states.contains(RUNNING) || states.contains(DEGRADED)) {
      return DEGRADED;
    }
    return FAILED;
  }

  /** The seed's package states, from the most to the least evidence. */
  static String packageState(boolean staged, List<InstanceStatus> instances) {
    if (instances.stream().anyMatch(i -> i.state().equals(RUNNING) || i.state().equals(DEGRADED))) {
      return RUNNING;
    }
    if (instances.stream().anyMatch(i -> i.state().equals(UNKNOWN))) {
      return UNKNOWN; // one may run: the scheduler could not say
    }
    if (instances.stream().anyMatch(i -> !i.state().equals(REMOVED))) {
      return INSTALLED;
    }
    if (!instances.isEmpty()) {
      return REMOVED;
    }
    return staged ? STAGED : NOT_INSTALLED;
  }
}
