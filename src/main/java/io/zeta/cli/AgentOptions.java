package io.zeta.cli;

import io.zeta.scheduler.embedded.AgentLocator;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The option every agent command shares: which agent, by its work directory. */
final class AgentOptions {
  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "The agent's work directory (apps, sandboxes, agent.json, agent.log); default: the current "
          + "local cluster's ($ZETA_HOME/agents/<cluster>-<hash>), or $ZETA_HOME/agent without a cluster.")
  String workDir;

  Path workDir(ZetaEnv env, String clusterFlag) {
    if (workDir != null) {
      return env.path(workDir);
    }
    if (Clusters.configured(env, clusterFlag).isPresent()) {
      try (io.zeta.cluster.Cluster cluster = Clusters.open(env, clusterFlag)) {
        if (cluster.config().localScheduler()) {
          return LocalAgents.workDir(env, cluster);
        }
        throw new io.zeta.ZetaException("cluster " + cluster.name() + " uses Marathon at " + cluster.config().scheduler()
            + ", not the embedded scheduler", "pass --work-dir to run an agent anyway", null);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return AgentLocator.defaultWorkDir(env.home());
  }

  /** Where the current local cluster's tasks see its storage (its file: root, or its mount), if there is one. */
  java.util.Optional<String> clusterMount(ZetaEnv env, String clusterFlag) {
    if (workDir != null || Clusters.configured(env, clusterFlag).isEmpty()) {
      return java.util.Optional.empty();
    }
    try (io.zeta.cluster.Cluster cluster = Clusters.open(env, clusterFlag)) {
      return cluster.config().localScheduler() ? cluster.mountPoint() : java.util.Optional.empty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
