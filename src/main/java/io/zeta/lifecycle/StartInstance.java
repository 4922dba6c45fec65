package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Access.Action;
import io.zeta.cluster.Locks;
import io.zeta.scheduler.AppState;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.AppValidator;
import io.zeta.scheduler.MarathonClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code zeta package start}: sends an instance's apps to the scheduler in order, as the original
 * did: an app the scheduler does not have is created, one it has is updated to its installed
 * definition (which scales a stopped app back up). Each app is checked against Marathon's schema
 * first, and, for a multi-app instance, each must be running before the next is started. An app
 * a deployment still changes (the agent starting it again after a restart, another start) is
 * updated once that deployment is done, unless force overrides it.
 */
public final class StartInstance {
  private final Cluster cluster;
  private final AppRuntime runtime;

  public StartInstance(Cluster cluster, AppRuntime runtime) {
    this.cluster = cluster;
    this.runtime = runtime;
  }

  /** @param wait wait until every app runs (always done between the apps of a multi-app instance) */
  public List<AppStatus> run(String role, String id, boolean wait, Duration timeout) throws IOException {
    return run(role, id, wait, false, timeout);
  }

  /** @param force override deployments that lock the apps (Marathon's {@code ?force=true}) instead of waiting */
  public List<AppStatus> run(String role, String id, boolean wait, boolean force, Duration timeout)
      throws IOException {
    cluster.access().require(Action.START, role);
    InstanceApps instance = InstanceApps.read(cluster, role, id);
    for (ObjectNode app : instance.apps()) {
      AppValidator.check(app);
    }
    MarathonClient client = runtime.client();
    try (Locks.Lock lock = cluster.locks().acquire(instance.lockName(), "start", null)) {
      // Under the lock: an uninstall may have finished while this start waited for it.
      instance = InstanceApps.read(cluster, role, id);
      SchedulerMarker.ensure(cluster.storage(), instance.entry().home(), instance.appIds(), client.url());
      List<AppStatus> statuses = new ArrayList<>();
      List<ObjectNode> apps = instance.apps();
      for (int i = 0; i < apps.size(); i++) {
        ObjectNode app = apps.get(i);
        String appId = app.path("id").asText();
        Optional<AppStatus> existing = client.app(appId);
        String deployment = existing.isEmpty() ? client.createApp(app)
            : LockedAppChange.send(client, appId, force, timeout, f -> client.updateApp(appId, app, f));
        boolean last = i == apps.size() - 1;
        if (wait || !last) {
          statuses.add(awaitRunning(client, appId, deployment, timeout));
        } else {
          statuses.add(client.app(appId).orElseThrow());
        }
      }
      return statuses;
    }
  }

  static AppStatus awaitRunning(MarathonClient client, String appId, String deployment, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (deployment != null && !deployment.isEmpty()) {
      client.awaitDeployment(deployment, timeout);
    }
    while (true) {
      AppStatus status = client.app(appId).orElseThrow(() -> new ZetaException("app " + appId + " vanished from the scheduler"));
      if (status.state() == AppState.RUNNING || (status.instances() == 0 && status.state() == AppState.STOPPED)) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw new ZetaException("app " + appId + " is not running after " + timeout.toSeconds() + " s (state "
            + status.state().id() + ", " + status.tasksRunning() + "/" + status.instances() + " tasks running, "
            + status.tasksHealthy() + " healthy)", "see its logs with `zeta package logs " + appId.substring(1) + "`", null);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ZetaException("interrupted while waiting for " + appId);
      }
    }
  }
}
