package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Access.Action;
import io.zeta.cluster.Locks;
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
  private final Progress progress;

  public StartInstance(Cluster cluster, AppRuntime runtime) {
    this(cluster, runtime, Progress.NONE);
  }

  /** @param progress where the waits report (see {@link DeploymentWait}) */
  public StartInstance(Cluster cluster, AppRuntime runtime, Progress progress) {
    this.cluster = cluster;
    this.runtime = runtime;
    this.progress = progress;
  }

  /** @param wait wait until every app runs (always done between the apps of a multi-app instance) */
  public List<AppStatus> run(String role, String id, boolean wait, Duration timeout) throws IOException {
    return run(role, id, wait, false, timeout);
  }

  /** @param force override deployments that lock the apps (Marathon's {@code ?force=true}) instead of waiting */
  public List<AppStatus> run(String role, String id, boolean wait, boolean force, Duration timeout)
      throws IOException {
    io.zeta.cluster.Names.role(role);
    io.zeta.cluster.Names.instanceId(id);
    cluster.access().require(Action.START, role);
    MarathonClient client = runtime.client();
    try (Locks.Lock lock = cluster.locks().acquire(InstanceApps.lockName(role, id), "start", null)) {
      // Read only under the lock: an uninstall may have finished (or be removing the home) while
      // this start waited for it; then the state says so, not a missing file.
      InstanceApps instance = InstanceApps.read(cluster, role, id);
      TargetMarathon target = TargetMarathon.observe(cluster, client);
      for (ObjectNode app : instance.apps()) {
        AppValidator.check(app, target.version());
      }
      SchedulerMarker.ensure(cluster.storage(), instance.entry().home(), instance.appIds(), client.url());
      List<AppStatus> statuses = new ArrayList<>();
      List<ObjectNode> apps = instance.apps();
      DeploymentWait waiter = new DeploymentWait(client, progress, role + "/" + id);
      for (int i = 0; i < apps.size(); i++) {
        ObjectNode app = apps.get(i);
        String appId = app.path("id").asText();
        Optional<AppStatus> existing = client.app(appId);
        String deployment = existing.isEmpty() ? client.createApp(app)
            : LockedAppChange.send(client, appId, force, timeout, f -> client.updateApp(appId, app, f));
        boolean last = i == apps.size() - 1;
        if (wait || !last) {
          statuses.add(waiter.untilRunning(appId, deployment, existing.flatMap(AppStatus::lastTaskFailure), timeout));
        } else {
          statuses.add(client.app(appId).orElseThrow());
        }
      }
      target.remember(cluster);
      return statuses;
    }
  }

  /**
   * Waits for an app after a change was sent, as {@link DeploymentWait#untilRunning} without
   * progress; failures before this call are not counted (take a {@link DeploymentWait#baseline}
   * before sending the change to count them too).
   */
  static AppStatus awaitRunning(MarathonClient client, String appId, String deployment, Duration timeout) {
    DeploymentWait wait = new DeploymentWait(client, Progress.NONE, appId.substring(1));
    return wait.untilRunning(appId, deployment, wait.baseline(appId), timeout);
  }
}
