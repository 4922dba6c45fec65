package io.zeta.scheduler;

/** Zeta's one-word state of an app, derived from what Marathon reports (its UI uses the same tests). */
public enum AppState {
  /** A deployment still changes the app. */
  DEPLOYING,
  /** Every instance runs, and is healthy when the app has health checks. */
  RUNNING,
  /** Scaled to zero, and no task is left. */
  STOPPED,
  /** No deployment, yet not every instance runs healthy: tasks fail or were lost. */
  FAILED;

  public static AppState of(AppStatus app) {
    if (!app.deployments().isEmpty()) {
      return DEPLOYING;
    }
    if (app.instances() == 0 && app.tasksRunning() == 0) {
      return STOPPED;
    }
    boolean allRunning = app.instances() > 0 && app.tasksRunning() == app.instances();
    boolean allHealthy = !app.hasHealthChecks() || app.tasksHealthy() == app.instances();
    return allRunning && allHealthy ? RUNNING : FAILED;
  }

  /** The lower-case word Zeta prints. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
