package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Locks;
import io.zeta.json.Json;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.MarathonClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code zeta package scale}: sets the number of tasks of one app of an instance, on the scheduler
 * and in the instance's marathon.json, so that a later start brings back the same count.
 */
public final class ScaleInstance {
  private final Cluster cluster;
  private final AppRuntime runtime;
  private final Progress progress;

  public ScaleInstance(Cluster cluster, AppRuntime runtime) {
    this(cluster, runtime, Progress.NONE);
  }

  public ScaleInstance(Cluster cluster, AppRuntime runtime, Progress progress) {
    this.cluster = cluster;
    this.runtime = runtime;
    this.progress = progress;
  }

  /** @param appName for a multi-app instance, which app; empty for a single-app instance */
  public AppStatus run(String role, String id, Optional<String> appName, int instances, boolean wait, Duration timeout)
      throws IOException {
    return run(role, id, appName, instances, wait, false, timeout);
  }

  /** @param force override deployments that lock the app instead of waiting for them */
  public AppStatus run(String role, String id, Optional<String> appName, int instances, boolean wait, boolean force,
      Duration timeout) throws IOException {
    if (instances < 0) {
      throw new ZetaException("the number of instances must be 0 or more, got " + instances);
    }
    InstanceApps instance = InstanceApps.read(cluster, role, id);
    ObjectNode app = pick(instance, appName);
    String appId = app.path("id").asText();
    MarathonClient client = runtime.client();
    try (Locks.Lock lock = cluster.locks().acquire(instance.lockName(), "scale", null)) {
      app.put("instances", instances);
      String path = instance.entry().home() + "/" + InstanceRecord.MARATHON;
      cluster.storage().write(path, Json.prettyBytes(instance.marathon()), io.zeta.cluster.ClusterLayout.INSTANCE_FILE_MODE);
      Optional<AppStatus> before = client.app(appId);
      if (before.isEmpty()) {
        throw new ZetaException(appId + " has not been started; its installed count is now " + instances,
            "start it with `zeta package start " + role + "/" + id + "`", null);
      }
      String deployment = LockedAppChange.send(client, appId, force, timeout,
          f -> client.scaleApp(appId, instances, f));
      return wait ? new DeploymentWait(client, progress, role + "/" + id).untilRunning(appId, deployment,
          before.get().lastTaskFailure(), timeout) : client.app(appId).orElseThrow();
    }
  }

  private static ObjectNode pick(InstanceApps instance, Optional<String> appName) {
    if (instance.apps().size() == 1 && appName.isEmpty()) {
      return instance.apps().get(0);
    }
    String name = appName.orElseThrow(() -> new ZetaException(instance.entry().role() + "/" + instance.entry().id()
        + " has several apps (" + String.join(", ", instance.appIds()) + "); say which with --app NAME"));
    String suffix = "/" + name;
    return instance.apps().stream().filter(a -> a.path("id").asText().endsWith(suffix)).findFirst()
        .orElseThrow(() -> new ZetaException("no app " + name + " in " + String.join(", ", instance.appIds())));
  }
}
