package io.zeta.scheduler;

/** Zeta's one-word state of an app, derived from what Marathon reports (its UI uses the same tests). */
public enum AppState {
  /** A deployment still changes the app. */
  DEPLOYING,
  /** Every instance runs, and is healthy when the app has health checks. */
  RUNNING,
  /** Scaled to zero, and no task is left. */
  STOPPED,
  /** No deployment; some instances run (healthy when checked), not all: partly up. */
  DEGRADED,
  /** No deployment, instances wanted, yet none runs healthy: tasks fail or were lost. */
  FAILED;

  public static AppState of(AppStatus app) {
    if (!app.deployments().isEmpty()) {
      return DEPLOYING;
    }
    if (app.instances() == 0 && app.tasksRunning() == 0) {
      return STOPPED;
    }
    if (app.instances() == 0) {
      return FAILED; // tasks left running that nothing wants
    }
    // A task counts as up when it runs, and is healthy when the app has health checks.
    int up = app.hasHealthChecks() ? Math.min(app.tasksHealthy(), app.tasksRunning()) : app.tasksRunning();
    if (up >= app.instances()) {
      return RUNNING;
    }
    return up > 0 ? DEGRADED : FAILED;
  }

  /** The lower-case word Zeta prints. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
