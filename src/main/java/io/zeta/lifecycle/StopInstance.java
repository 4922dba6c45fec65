package io.zeta.lifecycle;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.Locks;
import io.zeta.scheduler.MarathonClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** {@code zeta package stop}: scales the instance's apps to 0, last started first, as the original did. */
public final class StopInstance {
  private final Cluster cluster;
  private final AppRuntime runtime;
  private final Progress progress;

  public StopInstance(Cluster cluster, AppRuntime runtime) {
    this(cluster, runtime, Progress.NONE);
  }

  public StopInstance(Cluster cluster, AppRuntime runtime, Progress progress) {
    this.cluster = cluster;
    this.runtime = runtime;
    this.progress = progress;
  }

  /** Returns the apps that were stopped (those the scheduler had). */
  public List<String> run(String role, String id, Duration timeout) throws IOException {
    InstanceApps instance = InstanceApps.read(cluster, role, id);
    MarathonClient client = runtime.client();
    try (Locks.Lock lock = cluster.locks().acquire(instance.lockName(), "stop", null)) {
      instance = InstanceApps.read(cluster, role, id); // its state, under the lock
      List<String> ids = instance.appIds();
      List<String> stopped = new java.util.ArrayList<>();
      DeploymentWait waiter = new DeploymentWait(client, progress, role + "/" + id);
      for (int i = ids.size() - 1; i >= 0; i--) {
        String appId = ids.get(i);
        if (client.app(appId).isPresent()) {
          waiter.untilDeployed(client.scaleApp(appId, 0, true), timeout);
          stopped.add(appId);
        }
      }
      return stopped;
    }
  }
}
