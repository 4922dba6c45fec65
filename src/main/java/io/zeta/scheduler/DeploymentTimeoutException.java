package io.zeta.scheduler;

import java.time.Duration;

/** A deployment was still listed when the wait ended; it goes on running in the scheduler. */
public final class DeploymentTimeoutException extends SchedulerException {
  private static final long serialVersionUID = 1L;
  private final String deploymentId;

  public DeploymentTimeoutException(String deploymentId, Duration waited, String progress) {
    super(0, "deployment " + deploymentId + " did not finish within " + waited.toSeconds() + " s" + progress,
        "the scheduler keeps trying; look at the app's tasks and their last failure, then fix the app "
            + "(an update with force replaces the deployment)", null);
    this.deploymentId = deploymentId;
  }

  public String deploymentId() {
    return deploymentId;
  }
}
