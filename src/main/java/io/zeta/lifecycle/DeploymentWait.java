package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.scheduler.AppState;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.DeploymentStatus;
import io.zeta.scheduler.DeploymentTimeoutException;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.TaskFailure;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one wait of the verbs that change what runs (start, scale, stop, restart, upgrade): polls the
 * scheduler through {@link MarathonClient} only (so it works with Marathon and the agent alike),
 * reports where the deployment is ({@link Progress#waiting}: its step and actions, tasks running
 * and healthy), and ends as soon as a task of the app fails, with that task's reason (a port in
 * use, a command not found, an image that does not exist), instead of at the timeout.
 *
 * <p>Use: take {@link #baseline} of the app before sending the change (so that an earlier failure
 * is not taken for a new one), send it, then {@link #untilRunning} with the deployment id it gave.
 */
public final class DeploymentWait {
  private final MarathonClient client;
  private final Progress progress;
  private final String instance;

  /** @param instance {@code role/id}, named in the hints of failures */
  public DeploymentWait(MarathonClient client, Progress progress, String instance) {
    this.client = client;
    this.progress = progress == null ? Progress.NONE : progress;
    this.instance = instance;
  }

  /** The app's last task failure before a change, so that only failures after it count. */
  public Optional<TaskFailure> baseline(String appId) {
    return client.app(appId).flatMap(AppStatus::lastTaskFailure);
  }

  /**
   * Waits until the app runs every instance (healthy when it has health checks), or is stopped
   * when it is scaled to 0, and its deployment is done.
   *
   * @param deploymentId the change's deployment (may be null or empty: then only the app is watched)
   * @param before the app's last failure before the change ({@link #baseline}); empty when it had none
   * @throws TaskFailedException at once when a task of the app fails
   * @throws ZetaException when the timeout passes first, with what the app and deployment were at
   */
  public AppStatus untilRunning(String appId, String deploymentId, Optional<TaskFailure> before, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    boolean tracked = deploymentId != null && !deploymentId.isEmpty();
    try {
      while (true) {
        AppStatus app = client.app(appId).orElseThrow(() -> new ZetaException("app " + appId
            + " vanished from the scheduler while waiting for it", "see `zeta package deployments`", null));
        Optional<DeploymentStatus> deployment = tracked ? deployment(deploymentId) : Optional.empty();
        boolean settled = deployment.isEmpty()
            && (app.state() == AppState.RUNNING || (app.instances() == 0 && app.state() == AppState.STOPPED));
        if (settled) {
          return app;
        }
        Optional<TaskFailure> failed = newFailure(app, before);
        if (failed.isPresent()) {
          throw new TaskFailedException(appId, failed.get(), instance);
        }
        progress.waiting(describe(app, deployment, start));
        if (System.nanoTime() > deadline) {
          throw new ZetaException("app " + appId + " is not running after " + timeout.toSeconds() + " s (state "
              + app.state().id() + ", " + app.tasksRunning() + "/" + app.instances() + " tasks running, "
              + app.tasksHealthy() + " healthy" + deployment.map(d -> "; deployment " + d.id() + " still at "
                  + steps(d)).orElse("") + ")",
              "see `zeta package describe " + instance + "` and `zeta package logs " + instance
                  + "`; wait longer with --timeout", null);
        }
        pause();
      }
    } finally {
      progress.waited();
    }
  }

  /** Waits until a deployment is gone from the scheduler's list (stop, destroy), reporting its steps. */
  public void untilDeployed(String deploymentId, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    try {
      while (true) {
        Optional<DeploymentStatus> d = deployment(deploymentId);
        if (d.isEmpty()) {
          return;
        }
        progress.waiting("deployment " + d.get().id() + ": " + steps(d.get()) + ", " + seconds(start) + " s");
        if (System.nanoTime() > deadline) {
          throw new DeploymentTimeoutException(deploymentId, timeout, " (still at: " + steps(d.get()) + ")");
        }
        pause();
      }
    } finally {
      progress.waited();
    }
  }

  private Optional<DeploymentStatus> deployment(String id) {
    return client.deployments().stream().filter(d -> id.equals(d.id())).findFirst();
  }

  /** A failure newer than the baseline; an old-version task killed during a rolling change is not one. */
  static Optional<TaskFailure> newFailure(AppStatus app, Optional<TaskFailure> before) {
    Optional<TaskFailure> last = app.lastTaskFailure();
    if (last.isEmpty() || (before.isPresent() && same(last.get(), before.get()))) {
      return Optional.empty();
    }
    TaskFailure f = last.get();
    boolean killed = "TASK_KILLED".equals(f.state()) || "TASK_KILLING".equals(f.state());
    if (killed && f.version() != null && app.version() != null && !f.version().equals(app.version())) {
      return Optional.empty();
    }
    return last;
  }

  private static boolean same(TaskFailure a, TaskFailure b) {
    return Objects.equals(a.taskId(), b.taskId()) && Objects.equals(a.timestamp(), b.timestamp())
        && Objects.equals(a.message(), b.message());
  }

  static String describe(AppStatus app, Optional<DeploymentStatus> deployment, long start) {
    StringBuilder s = new StringBuilder(app.id()).append(": ");
    deployment.ifPresent(d -> s.append(steps(d)).append(", "));
    s.append(app.tasksRunning()).append('/').append(app.instances()).append(" tasks running");
    if (app.hasHealthChecks()) {
      s.append(", ").append(app.tasksHealthy()).append(" healthy");
    }
    return s.append(", ").append(seconds(start)).append(" s").toString();
  }

  static String steps(DeploymentStatus d) {
    List<String> actions = d.currentActions();
    return "step " + d.currentStep() + "/" + d.totalSteps() + (actions.isEmpty() ? "" : " " + String.join(", ", actions));
  }

  private static long seconds(long start) {
    return (System.nanoTime() - start) / 1_000_000_000L;
  }

  private void pause() {
    try {
      Thread.sleep(Math.max(50, Math.min(1000, client.pollInterval().toMillis())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZetaException("interrupted while waiting for the scheduler");
    }
  }
}
