package io.zeta.scheduler;

import java.util.List;

/** 409 on a change: deployments of the app are still running; {@code force} overrides them. */
public final class AppLockedException extends SchedulerException {
  private static final long serialVersionUID = 1L;
  private final String appId;
  private final List<String> deploymentIds;

  public AppLockedException(String appId, List<String> deploymentIds, String message) {
    super(409, message, "wait for deployment " + String.join(", ", deploymentIds)
        + " to finish, or override it with --force", null);
    this.appId = appId;
    this.deploymentIds = List.copyOf(deploymentIds);
  }

  public String appId() {
    return appId;
  }

  public List<String> deploymentIds() {
    return deploymentIds;
  }
}
