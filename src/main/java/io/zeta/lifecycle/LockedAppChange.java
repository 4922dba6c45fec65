package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.scheduler.AppLockedException;
import io.zeta.scheduler.DeploymentTimeoutException;
import io.zeta.scheduler.MarathonClient;
import java.time.Duration;
import java.util.function.Function;

/**
 * A change to an app that a running deployment may lock (Marathon's 409). Without force, the
 * change waits for the deployments that lock the app and is sent again, as a user would; with
 * force it is sent with {@code ?force=true}, which cancels them.
 */
final class LockedAppChange {
  private LockedAppChange() {}

  /** @param change sends the change (given force) and returns its deployment id */
  static String send(MarathonClient client, String appId, boolean force, Duration timeout,
      Function<Boolean, String> change) {
    if (force) {
      return change.apply(true);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return change.apply(false);
      } catch (AppLockedException locked) {
        for (String deployment : locked.deploymentIds()) {
          Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
          try {
            client.awaitDeployment(deployment, left);
          } catch (DeploymentTimeoutException e) {
            throw new ZetaException(appId + " is still locked by deployment " + deployment + " after "
                + timeout.toSeconds() + " s", "wait longer with --timeout, or override the deployment with --force",
                e);
          }
        }
        if (System.nanoTime() > deadline) {
          throw new ZetaException(appId + " is still locked by a deployment after " + timeout.toSeconds() + " s",
              "wait longer with --timeout, or override the deployment with --force", locked);
        }
      }
    }
  }
}
