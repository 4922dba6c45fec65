package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.scheduler.ClientSettings;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.embedded.AgentRecord;
import java.util.Optional;

/** The scheduler of a cluster: its local agent, or the Marathon its configuration names. */
final class Runtimes {
  private Runtimes() {}

  static AppRuntime of(Cluster cluster, ZetaEnv env) {
    if (cluster.config().localScheduler()) {
      java.nio.file.Path workDir = LocalAgents.workDir(env, cluster);
      Optional<AgentRecord> agent = AgentLocator.findRunning(workDir);
      return agent.map(a -> AppRuntime.of(AgentLocator.client(workDir, a, ClientSettings.defaults())))
          .orElseGet(() -> AppRuntime.unavailable("the local scheduler of cluster " + cluster.name()
              + " is not running; start it with `zeta agent start`"));
    }
    ClientSettings settings = ClientSettings.defaults();
    String token = env.var("ZETA_MARATHON_TOKEN") != null ? env.var("ZETA_MARATHON_TOKEN") : cluster.config().marathonToken();
    if (token != null && !token.isBlank()) {
      settings = settings.withToken(token);
    }
    return AppRuntime.of(MarathonClient.of(cluster.config().scheduler(), settings));
  }
}
