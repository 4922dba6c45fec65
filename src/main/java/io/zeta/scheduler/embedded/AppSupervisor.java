package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of the agent: holds the apps, their tasks and deployments, and a loop that moves every
 * app towards its definition. Each pass reaps ended tasks, stops outdated and surplus ones,
 * launches missing ones (after the launch delay of failing apps), and drops finished deployments.
 * API calls, the loop, launch results and health results all change state under this object's
 * lock; fetching, starting and stopping processes happen outside it.
 */
final class AppSupervisor implements HealthChecker.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AppSupervisor.class);
  private static final Duration TICK = Duration.ofMillis(100);

  /** The outcome of a change made through the API. */
  record Change(boolean created, ManagedApp app, Deployment deployment) {}

  private final AgentConfig config;
  private final AppStore store;
  private final AppVersions versions;
  private final TaskRecords records;
  private final Path sandboxes;
  private final PortAllocator ports;
  private final ResourceLedger ledger;
  private final Map<AppId, ManagedApp> apps = new LinkedHashMap<>();
  private final List<ManagedApp> retiring = new ArrayList<>();
  private final List<Deployment> deployments = new ArrayList<>();
  private final ContainerRuntime containers;
  private final HealthChecker health;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(Threads.daemon("zeta-loop"));
  private final ExecutorService launchers = Executors.newFixedThreadPool(4, Threads.daemon("zeta-launcher"));
  private final ExecutorService stoppers = Executors.newCachedThreadPool(Threads.daemon("zeta-stopper"));
  private final AtomicBoolean nudged = new AtomicBoolean();
  private volatile Recovery recovery;
  /** What happens, as Marathon's events (for /v2/events). */
  final AgentEvents events = new AgentEvents();
  private boolean closing;
  private Instant lastVersion;

  AppSupervisor(AgentConfig config, AppStore store, AppVersions versions, TaskRecords records, Path sandboxes,
      ContainerRuntime containers) {
    this.config = config;
    this.containers = containers;
    this.health = new HealthChecker(this, containers);
    this.store = store;
    this.versions = versions;
    this.records = records;
    this.sandboxes = sandboxes;
    this.ports = new PortAllocator(config.resources().firstPort(), config.resources().lastPort());
    this.ledger = new ResourceLedger(config.resources());
  }

  /** Takes over the apps of a previous run; each that should run gets a deployment that starts it. */
  synchronized void recover(List<StoredApp> stored) {
    for (StoredApp s : stored) {
      ManagedApp app = new ManagedApp(s, config.killGracePeriod());
      apps.put(app.id, app);
      // Apps stored before service ports were assigned get theirs now, keeping their version.
      Set<Integer> taken = new HashSet<>();
      apps.values().forEach(a -> taken.addAll(ServicePorts.of(a.definition)));
      ObjectNode assigned = ServicePorts.assign(s.definition(), s.definition(), taken);
      if (!assigned.equals(s.definition())) {
        app.update(new StoredApp(assigned, s.version(), s.lastConfigChangeAt(), s.lastScalingAt()),
            config.killGracePeriod());
        store.save(app.stored());
      }
      if (app.spec.instances() > 0) {
        deployments.add(new Deployment(app.version, app, "StartApplication"));
      }
    }
  }

  void start() {
    try {
      loop.scheduleWithFixedDelay(this::reconcileSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
      OutputMarks marks = new OutputMarks();
      loop.scheduleWithFixedDelay(() -> {
        try {
          marks.sample(liveSandboxes(), System.currentTimeMillis());
        } catch (RuntimeException e) {
          LOG.warn("cannot mark task output: {}", e.toString());
        }
      }, 1000, 1000, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed before recovery ended.
    }
  }

  /** The recovery of the previous agent's tasks, set once at start. */
  void recovery(Recovery r) {
    this.recovery = r;
  }

  /** Its progress for {@code /v2/info}; null before it was set. */
  ObjectNode recoveryJson() {
    Recovery r = recovery;
    return r == null ? null : r.json();
  }

  /** Runs a pass soon, without waiting for the next tick. */
  void nudge() {
    if (nudged.compareAndSet(false, true)) {
      try {
        loop.execute(() -> {
          nudged.set(false);
          reconcileSafely();
        });
      } catch (RejectedExecutionException e) {
        // Closing.
      }
    }
  }

  // ---------------------------------------------------------------- API

  /** One part of a change of one or more apps, all made as one deployment. */
  sealed interface AppChange permits Put, Remove, Restart {}

  /** Create the app, or replace its definition: the complete new definition. */
  record Put(ObjectNode definition) implements AppChange {}

  record Remove(AppId id) implements AppChange {}

  /** A new version with the same definition: every task is replaced. */
  record Restart(AppId id) implements AppChange {}

  synchronized Change create(ObjectNode definition, boolean force) {
    ObjectNode def = normalized(definition);
    AppId id = AppId.parse(def.get("id").asText());
    if (apps.containsKey(id)) {
      throw ApiError.of(409, "An app with id [" + id + "] already exists.");
    }
    Deployment d = apply(List.of(new Put(def)), force);
    return new Change(true, apps.get(id), d);
  }

  /**
   * PUT: a partial update (or a replacement), or a create when the app does not exist. A body
   * with a {@code version} of the app brings that version back, as Marathon does.
   */
  synchronized Change put(AppId id, ObjectNode body, boolean force, boolean partial) {
    ManagedApp existing = apps.get(id);
    ObjectNode merged;
    if (existing != null && body.hasNonNull("version")) {
      String version = body.get("version").asText();
      merged = storedVersion(existing, version)
          .orElseThrow(() -> ApiError.of(404, "App '" + id + "' does not exist in version " + version))
          .definition().deepCopy();
    } else {
      ObjectNode update = body.deepCopy();
      update.remove(List.of("version", "versionInfo"));
      merged = existing != null && partial ? existing.definition.deepCopy() : Json.object();
      // The stored definition has explicit portDefinitions; the legacy ports of an update replace them.
      if (update.has("ports") && !update.has("portDefinitions")) {
        merged.remove("portDefinitions");
      }
      merged.setAll(update);
    }
    merged.put("id", id.toString());
    DefinitionCheck.check(merged);
    Deployment d = apply(List.of(new Put(merged)), force);
    return new Change(existing == null, apps.get(id), d);
  }

  /** DELETE: empty when there is no such app. */
  synchronized Optional<Change> destroy(AppId id, boolean force) {
    ManagedApp app = apps.get(id);
    if (app == null) {
      return Optional.empty();
    }
    return Optional.of(new Change(false, app, apply(List.of(new Remove(id)), force)));
  }

  /** POST /v2/apps/{id}/restart: empty when there is no such app. */
  synchronized Optional<Deployment> restart(AppId id, boolean force) {
    if (!apps.containsKey(id)) {
      return Optional.empty();
    }
    return Optional.of(apply(List.of(new Restart(id)), force));
  }

  /**
   * A change of several apps in one deployment (groups): the planner sees the current definitions
   * and answers the changes, all under the lock.
   */
  synchronized Deployment apply(Function<Map<AppId, ObjectNode>, List<AppChange>> planner, boolean force) {
    Map<AppId, ObjectNode> current = new LinkedHashMap<>();
    apps.forEach((id, app) -> current.put(id, app.definition.deepCopy()));
    return apply(planner.apply(current), force);
  }

  /**
   * Kills the tasks {@code which} selects (not yet ended ones); their apps start replacements.
   * Answers the killed tasks as Marathon lists them.
   */
  synchronized ArrayNode kill(Predicate<LocalTask> which) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (ManagedApp app : apps.values()) {
      for (LocalTask t : app.tasks) {
        if (!t.state.isTerminal() && which.test(t)) {
          stop(t, LocalTask.KillReason.USER);
          out.add(AppJson.task(t, AppJson.servicePorts(app.spec)));
        }
      }
    }
    nudge();
    return out;
  }

  /** Kills the tasks {@code which} selects and lowers their apps' instances by as many, as one deployment. */
  synchronized Deployment killAndScale(Predicate<LocalTask> which, boolean force) {
    Map<ManagedApp, List<LocalTask>> chosen = new LinkedHashMap<>();
    for (ManagedApp app : apps.values()) {
      for (LocalTask t : app.tasks) {
        if (t.isLive() && which.test(t)) {
          chosen.computeIfAbsent(app, a -> new ArrayList<>()).add(t);
        }
      }
    }
    List<AppChange> changes = new ArrayList<>();
    chosen.forEach((app, tasks) -> {
      ObjectNode def = app.definition.deepCopy();
      def.put("instances", Math.max(0, app.spec.instances() - tasks.size()));
      changes.add(new Put(def));
    });
    Deployment d = apply(changes, force);
    // After the scale, so that the loop does not pick other tasks to stop.
    chosen.values().forEach(tasks -> tasks.forEach(t -> stop(t, LocalTask.KillReason.SCALE_DOWN)));
    return d;
  }

  /** DELETE /v2/deployments/{id}?force=true: the deployment stops being followed; false when unknown. */
  synchronized boolean cancel(String deploymentId) {
    Optional<Deployment> found = deployments.stream().filter(d -> d.id.equals(deploymentId)).findFirst();
    found.ifPresent(d -> {
      deployments.remove(d);
      events.deploymentFailed(d, "stopped through DELETE /v2/deployments/" + d.id + "?force=true");
    });
    return found.isPresent();
  }

  /**
   * DELETE /v2/deployments/{id}: a new deployment that brings every app of that one back to how it
   * was before it (created apps go, deleted ones come back); empty when unknown.
   */
  synchronized Optional<Deployment> rollback(String deploymentId) {
    Optional<Deployment> found = deployments.stream().filter(d -> d.id.equals(deploymentId)).findFirst();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    List<AppChange> revert = new ArrayList<>();
    for (Deployment.Action a : found.get().actions) {
      if (a.before() != null) {
        revert.add(new Put(a.before().definition().deepCopy()));
      } else if (apps.get(a.app().id) == a.app()) {
        revert.add(new Remove(a.app().id));
      }
    }
    deployments.remove(found.get());
    events.deploymentFailed(found.get(), "rolled back through DELETE /v2/deployments/" + deploymentId);
    return Optional.of(apply(revert, true));
  }

  /** The app's versions, newest first (empty when there is no such app). */
  synchronized Optional<List<String>> versions(AppId id) {
    ManagedApp app = apps.get(id);
    if (app == null) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>(versions.list(id));
    if (!out.contains(app.version)) {
      out.add(0, app.version);
    }
    return Optional.of(out);
  }

  /** The app as it was at a version, as Marathon writes a definition. */
  synchronized Optional<ObjectNode> versionJson(AppId id, String version) {
    ManagedApp app = apps.get(id);
    if (app == null) {
      return Optional.empty();
    }
    return storedVersion(app, version).map(s -> AppJson.definition(s.definition(),
        AppSpec.from(s.definition(), config.killGracePeriod()), s.version(), s.lastScalingAt(),
        s.lastConfigChangeAt()));
  }

  synchronized Optional<ObjectNode> appJson(AppId id, AppJson.Embeds embeds) {
    ManagedApp app = apps.get(id);
    return app == null ? Optional.empty() : Optional.of(AppJson.app(app, deploymentsOf(id), embeds));
  }

  /** The apps the filter selects, in the order they were created. */
  synchronized ArrayNode appsJson(AppFilter filter, AppJson.Embeds embeds) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (ManagedApp app : apps.values()) {
      if (filter.test(app)) {
        out.add(AppJson.app(app, deploymentsOf(app.id), embeds));
      }
    }
    return out;
  }

  /** GET /v2/tasks: the tasks of every app, or of those in the given states only. */
  synchronized ArrayNode tasksJson(Set<TaskState> states) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (ManagedApp app : apps.values()) {
      for (LocalTask t : app.tasks) {
        if (states.isEmpty() || states.contains(t.state)) {
          out.add(AppJson.task(t, AppJson.servicePorts(app.spec)));
        }
      }
    }
    return out;
  }

  /** GET /v2/apps/{id}/tasks (empty when there is no such app). */
  synchronized Optional<ArrayNode> appTasksJson(AppId id) {
    ManagedApp app = apps.get(id);
    if (app == null) {
      return Optional.empty();
    }
    ArrayNode out = Json.MAPPER.createArrayNode();
    app.tasks.forEach(t -> out.add(AppJson.task(t, AppJson.servicePorts(app.spec))));
    return Optional.of(out);
  }

  /** Marathon's text/plain task lists: of one app, or (null) of all. */
  synchronized Optional<String> endpoints(AppId id, String delimiter) {
    StringBuilder out = new StringBuilder();
    for (ManagedApp app : apps.values()) {
      if (id == null || app.id.equals(id)) {
        AppJson.endpoints(out, app, delimiter);
      }
    }
    return id != null && !apps.containsKey(id) ? Optional.empty() : Optional.of(out.toString());
  }

  synchronized ArrayNode deploymentsJson() {
    ArrayNode out = Json.MAPPER.createArrayNode();
    deployments.forEach(d -> out.add(AppJson.deployment(d)));
    return out;
  }

  /** The sandboxes of tasks that have not ended (the collector leaves them alone). */
  synchronized java.util.Set<Path> liveSandboxes() {
    java.util.Set<Path> out = new java.util.HashSet<>();
    for (ManagedApp app : apps.values()) {
      app.tasks.forEach(t -> out.add(t.sandbox.toAbsolutePath().normalize()));
    }
    retiring.forEach(a -> a.tasks.forEach(t -> out.add(t.sandbox.toAbsolutePath().normalize())));
    return out;
  }

  synchronized int appCount() {
    return apps.size();
  }

  /** GET /v2/queue: the apps with tasks waiting to be launched. */
  synchronized ObjectNode queueJson(boolean lastUnusedOffers) {
    Instant now = Instant.now();
    ObjectNode body = Json.object();
    ArrayNode queue = body.putArray("queue");
    for (ManagedApp app : apps.values()) {
      if (LaunchQueue.waiting(app) > 0) {
        queue.add(LaunchQueue.entry(app, AppJson.app(app, deploymentsOf(app.id), new AppJson.Embeds(false, true, true,
            false, true, false)), ledger, lastUnusedOffers, now));
      }
    }
    return body;
  }

  /** DELETE /v2/queue/{id}/delay: the app's launch delay is forgotten; false when it has nothing queued. */
  synchronized boolean resetDelay(AppId id) {
    ManagedApp app = apps.get(id);
    if (app == null || LaunchQueue.waiting(app) == 0) {
      return false;
    }
    app.backoff.reset();
    nudge();
    return true;
  }

  /** What the agent offers and what its tasks hold, for the {@code zeta.agent.resources} gauge of /metrics. */
  synchronized ObjectNode resourcesJson() {
    ObjectNode out = Json.object();
    AgentResources total = ledger.total();
    ObjectNode t = out.putObject("total");
    t.put("cpus", total.cpus());
    t.put("mem", total.mem());
    t.put("disk", total.disk());
    t.put("ports", "[" + total.firstPort() + "-" + total.lastPort() + "]");
    ObjectNode used = out.putObject("used");
    used.put("cpus", ledger.usedCpus());
    used.put("mem", ledger.usedMem());
    used.put("disk", ledger.usedDisk());
    return out;
  }

  /**
   * Takes over a task a previous agent started whose process still runs, when its app still wants
   * it as it is (same config version, not more tasks than instances, its ports free). False: the
   * caller stops the process.
   */
  synchronized boolean adopt(TaskRecords.Entry r, ProcessHandle process) {
    ManagedApp app = r.appId() == null ? null : apps.get(r.appId());
    if (closing || app == null || r.sandbox() == null || !app.lastConfigChangeAt.equals(r.configVersion())
        || LaunchQueue.waiting(app) == 0 || !ports.claim(r.ports())) {
      return false;
    }
    Map<String, String> env = TaskEnvironment.build(app.spec, r.version(), r.taskId(), r.sandbox(), r.ports(),
        config.agentEnvironment());
    LocalTask task = new LocalTask(r.taskId(), app.spec, r.version(), r.configVersion(), r.sandbox(), r.ports(), env,
        r.stagedAt());
    task.handle = process;
    task.state = TaskState.TASK_RUNNING;
    task.startedAt = r.startedAt();
    app.tasks.add(task);
    ledger.hold(task.id, app.spec);
    // No onExit here: for a non-child the JDK polls in a thread per process; each pass checks it anyway.
    if (task.spec.hasHealthChecks()) {
      health.watch(task);
    }
    // Event subscribers learn of the task again, as after a Mesos agent's re-registration.
    events.taskChanged(task, false);
    return true;
  }

  /** The ids of every task the agent knows (their containers are its own; any other is swept). */
  synchronized Set<String> trackedTaskIds() {
    Set<String> out = new HashSet<>();
    apps.values().forEach(a -> a.tasks.forEach(t -> out.add(t.id)));
    retiring.forEach(a -> a.tasks.forEach(t -> out.add(t.id)));
    return out;
  }

  /** The container runtime's state, for {@code zeta agent status}. */
  ObjectNode containersJson() {
    return containers.json();
  }

  synchronized int runningTaskCount() {
    return (int) apps.values().stream().flatMap(a -> a.tasks.stream()).filter(t -> t.state == TaskState.TASK_RUNNING)
        .count();
  }

  synchronized int stagedTaskCount() {
    return (int) apps.values().stream().flatMap(a -> a.tasks.stream()).filter(t -> t.state == TaskState.TASK_STAGING)
        .count();
  }

  private ObjectNode normalized(ObjectNode definition) {
    DefinitionCheck.check(definition);
    ObjectNode def = definition.deepCopy();
    def.remove(List.of("version", "versionInfo"));
    def.put("id", AppId.parse(def.get("id").asText()).canonical().toString());
    return def;
  }

  private Optional<StoredApp> storedVersion(ManagedApp app, String version) {
    return version.equals(app.version) ? Optional.of(app.stored()) : versions.get(app.id, version);
  }

  /**
   * Makes the changes as one deployment. Without force, a running deployment of any of the apps
   * refuses them all (409, nothing changed); with force those deployments are dropped.
   */
  private Deployment apply(List<AppChange> changes, boolean force) {
    List<io.zeta.scheduler.AppViolation> refused = new ArrayList<>();
    for (AppChange c : changes) {
      if (c instanceof Put p) {
        String prefix = changes.size() > 1 ? p.definition().path("id").asText() + ": " : "";
        ContainerSpec.agentViolations(p.definition(), config.containers().allowPrivileged(), containers.refusal())
            .forEach(v -> refused.add(new io.zeta.scheduler.AppViolation(v.pointer(), prefix + v.message())));
      }
    }
    if (!refused.isEmpty()) {
      throw ApiError.invalid(refused);
    }
    List<AppId> ids = new ArrayList<>();
    for (AppChange c : changes) {
      ids.add(c instanceof Put p ? AppId.parse(p.definition().get("id").asText()).canonical()
          : c instanceof Remove r ? r.id() : ((Restart) c).id());
    }
    List<Deployment> locks = deployments.stream().filter(d -> ids.stream().anyMatch(d::affects)).toList();
    if (!locks.isEmpty()) {
      if (!force) {
        throw ApiError.locked(locks);
      }
      deployments.removeAll(locks);
      locks.forEach(d -> events.deploymentFailed(d, "cancelled by a forced change of " + ids.stream()
          .map(AppId::toString).collect(java.util.stream.Collectors.joining(", "))));
    }
    String version = newVersion();
    List<Deployment.Action> actions = new ArrayList<>();
    for (AppChange c : changes) {
      if (c instanceof Put p) {
        actions.add(put(p.definition(), version));
      } else if (c instanceof Remove r) {
        remove(r.id()).ifPresent(actions::add);
      } else if (c instanceof Restart r && apps.containsKey(r.id())) {
        ManagedApp app = apps.get(r.id());
        StoredApp before = app.stored();
        app.update(new StoredApp(app.definition, version, version, app.lastScalingAt), config.killGracePeriod());
        save(app);
        actions.add(new Deployment.Action(app, "RestartApplication", before));
      }
    }
    Deployment d = new Deployment(version, actions);
    deployments.add(d);
    events.deploymentStarted(d);
    nudge();
    return d;
  }

  private Deployment.Action put(ObjectNode definition, String version) {
    ObjectNode def = definition.deepCopy();
    def.remove(List.of("version", "versionInfo"));
    AppId id = AppId.parse(def.get("id").asText()).canonical();
    def.put("id", id.toString());
    ManagedApp existing = apps.get(id);
    Set<Integer> taken = new HashSet<>();
    apps.forEach((other, app) -> {
      if (!other.equals(id)) {
        taken.addAll(ServicePorts.of(app.definition));
      }
    });
    def = ServicePorts.assign(def, existing == null ? null : existing.definition, taken);
    if (existing == null) {
      ManagedApp app = new ManagedApp(new StoredApp(def, version, version, version), config.killGracePeriod());
      apps.put(id, app);
      save(app);
      return new Deployment.Action(app, "StartApplication", null);
    }
    StoredApp before = existing.stored();
    boolean scaleOnly = withoutInstances(existing.definition).equals(withoutInstances(def));
    existing.update(new StoredApp(def, version, scaleOnly ? existing.lastConfigChangeAt : version, version),
        config.killGracePeriod());
    existing.backoff.reset();
    save(existing);
    return new Deployment.Action(existing, scaleOnly ? "ScaleApplication" : "RestartApplication", before);
  }

  private Optional<Deployment.Action> remove(AppId id) {
    ManagedApp app = apps.remove(id);
    if (app == null) {
      return Optional.empty();
    }
    StoredApp before = app.stored();
    store.delete(id);
    versions.deleteAll(id);
    app.retiring = true;
    retiring.add(app);
    for (LocalTask t : app.tasks) {
      stop(t, LocalTask.KillReason.DESTROY);
    }
    return Optional.of(new Deployment.Action(app, "StopApplication", before));
  }

  private void save(ManagedApp app) {
    store.save(app.stored());
    versions.add(app.stored());
  }

  /** Now as a Marathon version, later than the last one given (two changes in one millisecond differ). */
  private String newVersion() {
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    if (lastVersion != null && !now.isAfter(lastVersion)) {
      now = lastVersion.plusMillis(1);
    }
    lastVersion = now;
    return MarathonTime.format(now);
  }

  private List<Deployment> deploymentsOf(AppId id) {
    return deployments.stream().filter(d -> d.affects(id)).toList();
  }

  private static ObjectNode withoutInstances(ObjectNode def) {
    ObjectNode copy = def.deepCopy();
    copy.remove("instances");
    return copy;
  }

  // ---------------------------------------------------------------- the loop

  private void reconcileSafely() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.error("supervisor pass failed", e);
    }
  }

  private synchronized void reconcile() {
    if (closing) {
      return;
    }
    Instant now = Instant.now();
    for (ManagedApp app : apps.values()) {
      reapEnded(app, now);
      converge(app, now);
      resetBackoffOfSteadyApp(app, now);
      app.offers.waiting(LaunchQueue.waiting(app), now);
    }
    for (ManagedApp app : retiring) {
      reapEnded(app, now);
    }
    retiring.removeIf(a -> a.tasks.isEmpty());
    for (Iterator<Deployment> it = deployments.iterator(); it.hasNext(); ) {
      Deployment d = it.next();
      if (reachedGoal(d)) {
        it.remove();
        events.deploymentSucceeded(d);
      }
    }
  }

  private void reapEnded(ManagedApp app, Instant now) {
    for (Iterator<LocalTask> it = app.tasks.iterator(); it.hasNext(); ) {
      LocalTask t = it.next();
      TaskState end = t.spec.container() != null ? containerEndState(t) : endState(t);
      if (end == null) {
        continue;
      }
      t.state = end;
      events.taskChanged(t, app.retiring);
      boolean failure = t.killReason == null || t.killReason == LocalTask.KillReason.UNHEALTHY;
      if (failure && !app.retiring) {
        if (end != TaskState.TASK_FINISHED) {
          app.lastTaskFailure = AppJson.taskFailure(t.appId, t.id, t.version, end, t.failureMessage, now);
        }
        app.backoff.failed(now, app.spec);
        LOG.info("task {} ended ({}: {}); next launch in {} ms", t.id, end, t.failureMessage,
            app.backoff.currentDelay().toMillis());
      }
      it.remove();
      ports.release(t.ports);
      ledger.release(t.id);
      if (t.handle != null) {
        records.delete(t.id);
      }
      SandboxCollector.ended(t.sandbox);
      keepSandbox(app, t.sandbox);
    }
  }

  /**
   * The state a container task ended in, or null while it has not ended: once its conmon is gone,
   * podman is asked how the container ended (off the lock), then the task ends on a later pass.
   */
  private TaskState containerEndState(LocalTask t) {
    if (t.handle == null) {
      return t.state == TaskState.TASK_FAILED ? TaskState.TASK_FAILED : null;
    }
    if (t.handle.isAlive()) {
      return null;
    }
    if (t.containerEnd == null) {
      if (!t.containerEndAsked) {
        t.containerEndAsked = true;
        try {
          stoppers.execute(() -> {
            ContainerRuntime.End end = containers.end(t.id, t.spec.mem());
            synchronized (this) {
              t.containerEnd = end;
            }
            nudge();
          });
        } catch (RejectedExecutionException e) {
          t.containerEnd = new ContainerRuntime.End(null, "the agent is stopping");
        }
      }
      return null;
    }
    if (t.killReason != null) {
      return TaskState.TASK_KILLED;
    }
    t.failureMessage = t.containerEnd.message();
    Integer code = t.containerEnd.exitCode();
    if (code != null && code != 0) {
      StderrTail.lastLine(t.sandbox.resolve("stderr")).ifPresent(line -> t.failureMessage += ": " + line);
    }
    return code != null && code == 0 ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
  }

  /** The state a task ended in, or null while it has not ended. */
  private static TaskState endState(LocalTask t) {
    if (t.handle == null) {
      return t.state == TaskState.TASK_FAILED ? TaskState.TASK_FAILED : null;
    }
    // A child's Process knows without a system call; a re-adopted process is looked up in /proc.
    if (t.process != null ? t.process.isAlive() : t.handle.isAlive()) {
      return null;
    }
    if (t.killReason != null) {
      return TaskState.TASK_KILLED;
    }
    if (t.process == null) {
      // Not our child: the kernel gives the exit status to its parent (init) only.
      t.failureMessage = "Command ended; its exit status is unknown (the task was re-adopted after an agent restart)";
      return TaskState.TASK_FAILED;
    }
    int status = t.process.exitValue();
    t.failureMessage = status > 128 ? "Command terminated with signal " + (status - 128)
        : "Command exited with status " + status;
    if (status != 0) {
      // Mesos says only the status; the task's last words say why ("sh: 1: x: not found", "Address in use").
      StderrTail.lastLine(t.sandbox.resolve("stderr")).ifPresent(line -> t.failureMessage += ": " + line);
    }
    return status == 0 ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
  }

  /** Moves the app towards its definition: old versions out, surplus out, missing in. */
  private void converge(ManagedApp app, Instant now) {
    List<LocalTask> current = new ArrayList<>();
    for (LocalTask t : app.tasks) {
      if (!t.isLive()) {
        continue;
      }
      if (!t.configVersion.equals(app.lastConfigChangeAt)) {
        stop(t, LocalTask.KillReason.UPGRADE);
      } else {
        current.add(t);
      }
    }
    int wanted = app.spec.instances();
    if (current.size() > wanted) {
      Comparator<LocalTask> byAge = Comparator.comparing(t -> t.stagedAt);
      current.sort(app.spec.killOldestFirst() ? byAge : byAge.reversed());
      current.subList(0, current.size() - wanted).forEach(t -> stop(t, LocalTask.KillReason.SCALE_DOWN));
      return;
    }
    // A new version starts once the old one is gone: both may want the same fixed ports.
    boolean oldVersionLeft = app.tasks.stream().anyMatch(t -> !t.configVersion.equals(app.lastConfigChangeAt));
    if (oldVersionLeft || !app.backoff.allowsLaunch(now)) {
      return;
    }
    for (int i = current.size(); i < wanted; i++) {
      if (!launch(app, now)) {
        return;
      }
    }
  }

  /** Marathon forgets an app's launch delay once its tasks run (healthy) for a while. */
  private void resetBackoffOfSteadyApp(ManagedApp app, Instant now) {
    if (!app.backoff.isDelaying()) {
      return;
    }
    for (LocalTask t : app.tasks) {
      if (t.state == TaskState.TASK_RUNNING && t.killReason == null
          && !t.startedAt.plus(config.backoffResetAfter()).isAfter(now)
          && (!app.spec.hasHealthChecks() || t.isHealthy())) {
        app.backoff.reset();
        return;
      }
    }
  }

  private boolean reachedGoal(Deployment d) {
    return d.actions.stream().allMatch(a -> reachedGoal(a.app()));
  }

  private boolean reachedGoal(ManagedApp app) {
    if (app.retiring) {
      return app.tasks.isEmpty();
    }
    if (apps.get(app.id) != app) {
      return true;
    }
    if (app.tasks.size() != app.spec.instances()) {
      return false;
    }
    for (LocalTask t : app.tasks) {
      if (t.state != TaskState.TASK_RUNNING || t.killReason != null || !t.configVersion.equals(app.lastConfigChangeAt)
          || (app.spec.hasHealthChecks() && !t.isHealthy())) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- tasks

  /** Starts one task; false when it cannot start now (a fixed port is still held). */
  private boolean launch(ManagedApp app, Instant now) {
    String taskId = app.id.safePath() + "." + UUID.randomUUID();
    List<String> misfits = ledger.misfits(app.spec);
    if (!misfits.isEmpty()) {
      app.offers.declined(now, misfits);
      return false;
    }
    List<Integer> hostPorts;
    try {
      Optional<List<Integer>> allocated = ports.allocate(app.spec.hostPortRequests(), app.spec.fixedHostPorts());
      if (allocated.isEmpty()) {
        app.offers.declined(now, List.of(ResourceLedger.INSUFFICIENT_PORTS));
        return false;
      }
      hostPorts = allocated.get();
    } catch (PortAllocator.Unavailable e) {
      if (e.exhausted) {
        app.offers.declined(now, List.of(ResourceLedger.INSUFFICIENT_PORTS));
        return false;
      }
      app.lastTaskFailure = AppJson.taskFailure(app.id, taskId, app.version, TaskState.TASK_FAILED, e.getMessage(),
          now);
      app.backoff.failed(now, app.spec);
      LOG.warn("cannot launch a task of {}: {}", app.id, e.getMessage());
      return false;
    }
    Path sandbox = sandboxes.resolve(taskId);
    Map<String, String> env = TaskEnvironment.build(app.spec, app.version, taskId, sandbox, hostPorts,
        config.agentEnvironment());
    LocalTask task = new LocalTask(taskId, app.spec, app.version, app.lastConfigChangeAt, sandbox, hostPorts, env,
        now);
    app.tasks.add(task);
    ledger.hold(taskId, app.spec);
    app.offers.used(now);
    events.taskChanged(task, false);
    try {
      launchers.execute(() -> start(task));
    } catch (RejectedExecutionException e) {
      task.state = TaskState.TASK_FAILED;
      task.failureMessage = "the agent is stopping";
    }
    return true;
  }

  private void start(LocalTask task) {
    if (task.spec.container() != null) {
      startContainer(task);
      return;
    }
    Process process;
    try {
      process = TaskLauncher.launch(task, Fetcher.Limits.of(config.sandboxPolicy(), task.spec));
    } catch (FetchException e) {
      launchFailed(task, e.getMessage());
      return;
    } catch (IOException | RuntimeException e) {
      launchFailed(task, "cannot start the task: " + e.getMessage());
      return;
    }
    try {
      records.write(task, process.toHandle(), Instant.now());
    } catch (UncheckedIOException e) {
      LOG.error("cannot record task {}; a crash would leave it running: {}", task.id, e.getMessage());
    }
    started(task, process);
  }

  private void startContainer(LocalTask task) {
    ProcessHandle conmon;
    try {
      conmon = TaskLauncher.launchContainer(task, Fetcher.Limits.of(config.sandboxPolicy(), task.spec), containers);
    } catch (FetchException e) {
      launchFailed(task, e.getMessage());
      return;
    } catch (IOException | RuntimeException e) {
      launchFailed(task, e.getMessage());
      return;
    }
    try {
      records.write(task, conmon, Instant.now());
    } catch (UncheckedIOException e) {
      LOG.error("cannot record task {}; a crash would leave its container to the next agent's sweep: {}", task.id,
          e.getMessage());
    }
    startedContainer(task, conmon);
  }

  private synchronized void startedContainer(LocalTask task, ProcessHandle conmon) {
    task.handle = conmon;
    if (task.killReason != null || closing) {
      task.state = TaskState.TASK_KILLING;
      events.taskChanged(task, task.killReason == LocalTask.KillReason.DESTROY);
      stopAsync(task);
      return;
    }
    task.state = TaskState.TASK_RUNNING;
    task.startedAt = Instant.now();
    events.taskChanged(task, false);
    if (task.spec.hasHealthChecks()) {
      health.watch(task);
    }
    nudge();
  }

  private synchronized void launchFailed(LocalTask task, String message) {
    LOG.warn("task {} failed to launch: {}", task.id, message);
    task.state = TaskState.TASK_FAILED;
    task.failureMessage = message;
    nudge();
  }

  private synchronized void started(LocalTask task, Process process) {
    task.process = process;
    task.handle = process.toHandle();
    process.onExit().thenRun(this::nudge);
    if (task.killReason != null || closing) {
      task.state = TaskState.TASK_KILLING;
      events.taskChanged(task, task.killReason == LocalTask.KillReason.DESTROY);
      stopAsync(task);
      return;
    }
    task.state = TaskState.TASK_RUNNING;
    task.startedAt = Instant.now();
    events.taskChanged(task, false);
    if (task.spec.hasHealthChecks()) {
      health.watch(task);
    }
    nudge();
  }

  private void stop(LocalTask task, LocalTask.KillReason reason) {
    if (task.killReason != null || task.state.isTerminal()) {
      return;
    }
    task.killReason = reason;
    if (task.handle != null) {
      // A task still being fetched is stopped as soon as its process exists (see started).
      task.state = TaskState.TASK_KILLING;
      events.taskChanged(task, reason == LocalTask.KillReason.DESTROY);
      stopAsync(task);
    }
  }

  private void stopAsync(LocalTask task) {
    ProcessHandle handle = task.handle;
    Duration grace = task.spec.killGracePeriod();
    if (task.spec.container() != null) {
      try {
        stoppers.execute(() -> containers.stop(task.id, grace));
      } catch (RejectedExecutionException e) {
        containers.remove(task.id);
      }
      return;
    }
    try {
      stoppers.execute(() -> ProcessTree.terminate(handle, grace));
    } catch (RejectedExecutionException e) {
      ProcessTree.terminate(handle, Duration.ZERO);
    }
  }

  private void keepSandbox(ManagedApp app, Path sandbox) {
    app.endedSandboxes.addLast(sandbox);
    while (app.endedSandboxes.size() > config.keptSandboxes()) {
      Path old = app.endedSandboxes.removeFirst();
      try {
        stoppers.execute(() -> deleteTree(old));
      } catch (RejectedExecutionException e) {
        return;
      }
    }
  }

  /** Deletes a directory without following links out of it. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.toString());
    }
  }

  // ---------------------------------------------------------------- health

  @Override
  public synchronized boolean stillChecked(LocalTask task) {
    return !closing && task.state == TaskState.TASK_RUNNING && task.killReason == null;
  }

  @Override
  public synchronized void onResult(LocalTask task, int checkIndex, Optional<String> failure) {
    if (!stillChecked(task)) {
      return;
    }
    Instant now = Instant.now();
    HealthStatus h = task.health.get(checkIndex);
    HealthCheckSpec check = task.spec.healthChecks().get(checkIndex);
    if (failure.isEmpty()) {
      boolean wasHealthy = task.isHealthy();
      h.success(now);
      if (!wasHealthy && task.isHealthy()) {
        events.healthChanged(task, true);
        nudge();
      }
      return;
    }
    // Failures do not count in the grace period, until the first success.
    if (h.firstSuccess == null && now.isBefore(task.startedAt.plus(check.gracePeriod()))) {
      return;
    }
    boolean wasUnhealthy = task.isUnhealthy();
    h.failure(now, failure.get());
    if (!wasUnhealthy) {
      events.healthChanged(task, false);
    }
    if (check.maxConsecutiveFailures() > 0 && h.consecutiveFailures > check.maxConsecutiveFailures()) {
      task.failureMessage = "killed after " + h.consecutiveFailures + " failed health checks in a row: "
          + failure.get();
      LOG.info("task {} is unhealthy: {}", task.id, task.failureMessage);
      stop(task, LocalTask.KillReason.UNHEALTHY);
      nudge();
    }
  }

  // ---------------------------------------------------------------- shutdown

  /** Stops every task (the apps stay stored, to be started again by the next agent). */
  @Override
  public void close() {
    synchronized (this) {
      closing = true;
    }
    loop.shutdownNow();
    health.close();
    launchers.shutdown();
    try {
      if (!launchers.awaitTermination(30, TimeUnit.SECONDS)) {
        launchers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<LocalTask> running = new ArrayList<>();
    synchronized (this) {
      for (ManagedApp app : apps.values()) {
        running.addAll(app.tasks);
      }
      retiring.forEach(a -> running.addAll(a.tasks));
    }
    // All at once, with the longest grace period: a thread per task does not scale to 1,000 tasks.
    List<ProcessHandle> handles = new ArrayList<>();
    List<String> containerTasks = new ArrayList<>();
    Duration grace = Duration.ZERO;
    for (LocalTask t : running) {
      if (t.handle != null) {
        if (t.spec.container() != null) {
          containerTasks.add(t.id);
        } else {
          handles.add(t.handle);
        }
        grace = t.spec.killGracePeriod().compareTo(grace) > 0 ? t.spec.killGracePeriod() : grace;
      }
    }
    Duration g = grace;
    Thread stopping = new Thread(() -> containers.stopAll(containerTasks, g), "zeta-container-stop");
    stopping.start();
    ProcessTree.terminateAll(handles, grace);
    try {
      stopping.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running.stream().filter(t -> t.handle != null).forEach(t -> records.delete(t.id));
    stoppers.shutdown();
  }
}
