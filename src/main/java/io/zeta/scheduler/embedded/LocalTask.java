package io.zeta.scheduler.embedded;

import io.zeta.scheduler.AppId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One task: a local process (or a container, see {@link ContainerRuntime}) in its own sandbox. Mutable fields are guarded by the supervisor's lock. */
final class LocalTask {
  /** Why a task is being stopped; only an unhealthy task counts as a failure. USER: killed through the API. */
  enum KillReason { SCALE_DOWN, UPGRADE, DESTROY, UNHEALTHY, USER }

  final String id;
  final AppId appId;
  final AppSpec spec;
  /** The app's version and config version when the task was launched. */
  final String version;
  final String configVersion;
  final Path sandbox;
  final List<Integer> ports;
  final Map<String, String> env;
  final Instant stagedAt;
  final List<HealthStatus> health = new ArrayList<>();

  TaskState state = TaskState.TASK_STAGING;
  Instant startedAt;
  /** The process when this agent started it (its exit status can be read), else null. */
  Process process;
  /** The task's process: the started one, or one a previous agent started and this one re-adopted. */
  ProcessHandle handle;
  KillReason killReason;
  String failureMessage;
  /** A container task: how its container ended (read once its conmon is gone), and whether that was asked. */
  ContainerRuntime.End containerEnd;
  boolean containerEndAsked;

  LocalTask(String id, AppSpec spec, String version, String configVersion, Path sandbox, List<Integer> ports,
      Map<String, String> env, Instant stagedAt) {
    this.id = id;
    this.appId = spec.id();
    this.spec = spec;
    this.version = version;
    this.configVersion = configVersion;
    this.sandbox = sandbox;
    this.ports = List.copyOf(ports);
    this.env = Map.copyOf(env);
    this.stagedAt = stagedAt;
    spec.healthChecks().forEach(c -> health.add(new HealthStatus()));
  }

  boolean isLive() {
    return !state.isTerminal() && killReason == null;
  }

  /** Healthy as Marathon counts it: at least one result, and every result alive. */
  boolean isHealthy() {
    boolean any = false;
    for (HealthStatus h : health) {
      if (h.hasResult) {
        any = true;
        if (!h.alive) {
          return false;
        }
      }
    }
    return any;
  }

  boolean isUnhealthy() {
    return health.stream().anyMatch(h -> h.hasResult && !h.alive);
  }
}
