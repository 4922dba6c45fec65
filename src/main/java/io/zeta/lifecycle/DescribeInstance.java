package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.Names;
import io.zeta.scheduler.AppEndpoints;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.DeploymentStatus;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.TaskFailure;
import io.zeta.scheduler.TaskStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code zeta package describe ROLE/ID}: one instance as it is installed (package, version, home,
 * env file, options with secrets masked) and as it runs (per app: state, tasks with host, ports
 * and the URL of each HTTP port, health, the last task failure, the deployments in progress),
 * from shared storage and the scheduler ({@link MarathonClient} only: Marathon or the agent).
 * When the scheduler cannot be asked, an instance that ever ran is {@code unknown}, with the reason.
 */
public final class DescribeInstance {
  /** An app the scheduler does not have (never started, or destroyed). */
  public static final String NOT_STARTED = "not-started";
  /** Where upgrade and rollback record an instance's revisions, in its home. */
  static final String REVISIONS = "revisions";

  /** @param urls one per HTTP port of the task, in port order; {@code healthy} is empty without health checks */
  public record TaskView(String id, String state, String host, List<Integer> ports, List<String> urls,
      Optional<Boolean> healthy, Optional<Instant> startedAt, String version) {}

  /** @param state an {@link io.zeta.scheduler.AppState} id, {@link #NOT_STARTED} or {@code unknown} */
  public record AppView(String id, String state, int instances, int tasksRunning, int tasksHealthy,
      boolean hasHealthChecks, List<TaskView> tasks, Optional<TaskFailure> lastTaskFailure, List<String> deployments) {}

  /**
   * @param reason why {@code state} is unknown (empty otherwise)
   * @param deployments the scheduler's deployments that change an app of the instance
   */
  public record View(String role, String id, String pkg, String version, String baseDir, String home, String envFile,
      String state, Optional<String> reason, Optional<String> scheduler, List<AppView> apps,
      List<DeploymentStatus> deployments, ObjectNode options, Optional<String> installedAt, Optional<String> installedBy,
      Optional<RevisionView> revision) {}

  /** The instance's current revision, when revisions are recorded (by upgrade and rollback). */
  public record RevisionView(int revision, String version, String action, String status, String time,
      String principal) {}

  private final Cluster cluster;
  private final AppRuntime runtime;

  public DescribeInstance(Cluster cluster, AppRuntime runtime) {
    this.cluster = cluster;
    this.runtime = runtime;
  }

  public View run(String role, String id, boolean showSecrets) throws IOException {
    Names.role(role);
    Names.instanceId(id);
    InstanceEntry entry = cluster.index().instance(role, id).orElseThrow(() -> new ZetaException(
        "no instance " + role + "/" + id + " is installed", "see `zeta package list`", null));
    Optional<InstanceRecord> record = UninstallInstance.readRecord(cluster.storage(), entry.home());
    ObjectNode options = InstanceSecrets.resolvedOptions(cluster, role, id, showSecrets);
    List<String> appIds = record.map(InstanceRecord::appIds).filter(l -> !l.isEmpty())
        .orElse(List.of("/" + role + "/" + id));
    String envFile = ClusterLayout.envFile(role, entry.pkg(), id);
    Optional<String> installedAt = record.map(InstanceRecord::installedAt);
    Optional<String> installedBy = record.map(InstanceRecord::installedBy);
    Optional<RevisionView> revision = currentRevision(entry.home(), record.map(InstanceRecord::installId));
    if (entry.state() == StoredState.REMOVED) {
      return new View(role, id, entry.pkg(), entry.version(), entry.baseDir(), entry.home(), envFile,
          StatusQuery.REMOVED, Optional.empty(), runtime.url(), List.of(), List.of(), options, installedAt, installedBy,
          revision);
    }
    List<AppView> apps = new ArrayList<>();
    List<DeploymentStatus> deployments = new ArrayList<>();
    String state;
    Optional<String> reason = Optional.empty();
    try {
      MarathonClient client = runtime.client();
      String prefix = "/" + role + "/" + id;
      Map<String, ObjectNode> onScheduler = new LinkedHashMap<>();
      for (ObjectNode app : client.appsJson(prefix)) {
        String appId = app.path("id").asText();
        if (appId.equals(prefix) || appId.startsWith(prefix + "/")) {
          onScheduler.put(appId, app);
        }
      }
      for (DeploymentStatus d : client.deployments()) {
        if (d.affectedApps().stream().anyMatch(a -> a.equals(prefix) || a.startsWith(prefix + "/"))) {
          deployments.add(d);
        }
      }
      List<String> known = new ArrayList<>();
      for (String appId : appIds) {
        ObjectNode json = onScheduler.remove(appId);
        if (json == null) {
          apps.add(new AppView(appId, NOT_STARTED, 0, 0, 0, false, List.of(), Optional.empty(), List.of()));
        } else {
          AppView v = view(json);
          apps.add(v);
          known.add(v.state());
        }
      }
      onScheduler.values().forEach(json -> { // apps under the instance that marathon.json no longer names
        AppView v = view(json);
        apps.add(v);
        known.add(v.state());
      });
      state = StatusQuery.combine(known);
    } catch (ZetaException e) {
      boolean ran = SchedulerMarker.read(cluster.storage(), entry.home()).isPresent();
      state = ran ? StatusQuery.UNKNOWN : StatusQuery.INSTALLED;
      reason = ran ? Optional.of(e.getMessage()) : Optional.empty();
      for (String appId : appIds) {
        apps.add(new AppView(appId, ran ? StatusQuery.UNKNOWN : NOT_STARTED, 0, 0, 0, false, List.of(),
            Optional.empty(), List.of()));
      }
    }
    return new View(role, id, entry.pkg(), entry.version(), entry.baseDir(), entry.home(), envFile, state, reason,
        runtime.url(), apps, deployments, options, installedAt, installedBy, revision);
  }

  /**
   * The revision record ({@code revisions/<n>.json} in the home) whose {@code changeId} is the
   * installId instance.json carries; empty when the instance has no revisions (an older install)
   * or none matches. Read as JSON, field by field, so describe works with any record format.
   */
  private Optional<RevisionView> currentRevision(String home, Optional<String> installId) {
    if (installId.isEmpty()) {
      return Optional.empty();
    }
    try {
      String dir = home + "/" + REVISIONS;
      if (!cluster.storage().exists(dir)) {
        return Optional.empty();
      }
      Optional<RevisionView> best = Optional.empty();
      for (io.zeta.cluster.storage.FileInfo f : cluster.storage().list(dir)) {
        if (f.directory() || !f.name().matches("[0-9]{1,9}\\.json")) {
          continue;
        }
        com.fasterxml.jackson.databind.JsonNode r = io.zeta.json.Json.parse(cluster.storage().read(f.path()), f.path());
        if (installId.get().equals(r.path("changeId").asText(null))
            && (best.isEmpty() || r.path("revision").asInt() > best.get().revision())) {
          best = Optional.of(new RevisionView(r.path("revision").asInt(), r.path("version").asText(null),
              r.path("action").asText(null), r.path("status").asText(null), r.path("time").asText(null),
              r.path("principal").asText(null)));
        }
      }
      return best;
    } catch (IOException | ZetaException e) {
      return Optional.empty(); // the revision is extra information: describe goes on without it
    }
  }

  static AppView view(ObjectNode json) {
    AppStatus app = AppStatus.from(json);
    List<AppEndpoints.Port> ports = AppEndpoints.of(json);
    List<TaskView> tasks = new ArrayList<>();
    for (TaskStatus t : app.tasks()) {
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < t.ports().size(); i++) {
        AppEndpoints.url(ports, t.host(), t.ports(), i).ifPresent(urls::add);
      }
      Optional<Boolean> healthy = app.hasHealthChecks() ? Optional.of(t.isHealthy()) : Optional.empty();
      tasks.add(new TaskView(t.id(), t.state(), t.host(), t.ports(), urls, healthy, t.startedAt(), t.version()));
    }
    return new AppView(app.id(), app.state().id(), app.instances(), app.tasksRunning(), app.tasksHealthy(),
        app.hasHealthChecks(), tasks, app.lastTaskFailure(), app.deployments());
  }
}
