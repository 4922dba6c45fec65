package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import io.zeta.catalog.Repositories;
import io.zeta.identity.AccessDeniedException;
import io.zeta.identity.ClusterAccess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds the cluster a command acts on: --cluster, else $ZETA_CLUSTER, else the current one in ~/.zeta/config.json. */
final class Clusters {
  private Clusters() {}

  static Optional<String> configured(ZetaEnv env, String flag) {
    if (flag != null && !flag.isBlank()) {
      return Optional.of(flag);
    }
    String var = env.var("ZETA_CLUSTER");
    if (var != null && !var.isBlank()) {
      return Optional.of(var);
    }
    return new UserConfig(env.home()).currentCluster();
  }

  /** The capability packages require to run Docker images. */
  static final String DOCKER = "docker";

  static Cluster open(ZetaEnv env, String flag) {
    String uri = configured(env, flag).orElseThrow(() -> new ZetaException("no cluster selected",
        "create one with `zeta cluster init` (or pass --cluster URI, or set ZETA_CLUSTER)", null));
    Cluster cluster = Cluster.open(toUri(env, uri));
    try {
      if (cluster.config().localScheduler()) {
        // The local agent's last probe of its container runtime: Docker apps run here.
        io.zeta.scheduler.embedded.AgentLocator.lastContainerRuntime(LocalAgents.workDir(env, cluster))
            .filter(r -> r.path("docker").asBoolean(false)).ifPresent(r -> cluster.detected(List.of(DOCKER)));
      }
      return cluster.grant(ClusterAccess.of(cluster, null, env.var(ClusterAccess.CACHE_SECONDS_VAR)));
    } catch (RuntimeException e) {
      try {
        cluster.close();
      } catch (IOException ignored) {
        // The error being reported matters more.
      }
      throw e;
    }
  }

  /** A cluster root as typed: a URI, or a local path (made absolute). */
  static URI toUri(ZetaEnv env, String text) {
    if (text.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return Repositories.parse(text);
    }
    return env.path(text).toUri();
  }

  /** The embedded default: a local cluster under the user's Zeta directory. */
  static Path defaultLocalRoot(ZetaEnv env) {
    return env.home().resolve("cluster");
  }

  /** Runs a mutating action and records it in the cluster's audit log, whatever its outcome. */
  static <T> T audited(Cluster cluster, ZetaEnv env, String command, String target, Action<T> action) throws Exception {
    AuditLog audit = cluster.audit();
    T result;
    Interrupts.begin(cluster, command, target, env.err());
    try {
      try {
        result = action.run();
      } catch (Exception e) {
        Interrupts.actionDone();
        if (e instanceof AccessDeniedException denied) {
          record(audit, env, command, target, denied.role().orElse(AuditLog.roleOf(command, target)), "denied: " + e.getMessage());
          throw e;
        }
        // A write HDFS refused for a role's quota: said with the role, the quota and the fix.
        Exception reported = io.zeta.cluster.QuotaErrors.explain(e, cluster.storage()).<Exception>map(q -> q).orElse(e);
        record(audit, env, command, target, AuditLog.roleOf(command, target), "failed: " + reported.getMessage());
        throw reported;
      }
      Interrupts.actionDone();
      record(audit, env, command, target, AuditLog.roleOf(command, target), "ok");
    } finally {
      Interrupts.end();
    }
    return result;
  }

  static void record(AuditLog audit, ZetaEnv env, String command, String target, String role, String result) {
    try {
      audit.record(command, target, role, result);
    } catch (IOException | RuntimeException e) {
      env.err().println("zeta: warning: could not write the audit log: " + Output.safe(e.getMessage()));
    }
  }

  /** An action that may throw. */
  @FunctionalInterface
  interface Action<T> {
    T run() throws Exception;
  }
}
