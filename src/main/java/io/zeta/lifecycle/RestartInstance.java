package io.zeta.lifecycle;

import io.zeta.cluster.Access.Action;
import io.zeta.cluster.Cluster;
import io.zeta.scheduler.AppStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** {@code zeta package restart}: stop, then start and wait; asked of the authorizer as one restart. */
public final class RestartInstance {
  private final Cluster cluster;
  private final AppRuntime runtime;
  private final Progress progress;

  public RestartInstance(Cluster cluster, AppRuntime runtime, Progress progress) {
    this.cluster = cluster;
    this.runtime = runtime;
    this.progress = progress;
  }

  public List<AppStatus> run(String role, String id, boolean force, Duration timeout) throws IOException {
    cluster.access().require(Action.RESTART, role);
    new StopInstance(cluster, runtime, progress).run(role, id, timeout);
    return new StartInstance(cluster, runtime, progress).run(role, id, true, force, timeout);
  }
}
