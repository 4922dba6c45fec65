package io.zeta.server;

import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The cluster's audit log as the server writes it: each line names the request's principal
 * (who logged in, not the account running {@code zeta serve}, which is the line's {@code user}).
 * Without a cluster nothing is recorded. A line that cannot be written is logged, and the request
 * goes on (its effect has happened).
 */
@FunctionalInterface
public interface ServerAudit {
  /** The cluster's audit log, or nothing without a cluster. */
  static ServerAudit of(Optional<Cluster> cluster) {
    if (cluster.isEmpty()) {
      return none();
    }
    Cluster c = cluster.get();
    return (principal, action, target, role, result) -> {
      try {
        new AuditLog(c.storage(), c.actor(), () -> principal).record(action, target, role, result);
      } catch (IOException | RuntimeException e) {
        LoggerFactory.getLogger(ServerAudit.class).warn("could not write the audit log: {}", e.toString());
      }
    };
  }

  /** Records nothing. */
  ServerAudit NONE = (principal, action, target, role, result) -> { };

  static ServerAudit none() {
    return NONE;
  }

  /**
   * An audit log without principals of its own (the local-token server's): lines name its principal
   * supplier's, not the request's; for servers where every request is the same admin.
   */
  static ServerAudit ofLog(java.util.Optional<AuditLog> log) {
    return log.<ServerAudit>map(a -> (principal, action, target, role, result) -> {
      try {
        a.record(action, target, role, result);
      } catch (IOException | RuntimeException e) {
        LoggerFactory.getLogger(ServerAudit.class).warn("could not write the audit log: {}", e.toString());
      }
    }).orElse(NONE);
  }

  /**
   * @param principal as {@code Principal.display()} gives it
   * @param action e.g. {@code serve: auth login}
   * @param role the role acted in, or null
   * @param result {@code ok}, {@code failed: why}, {@code denied: why}
   */
  void record(String principal, String action, String target, String role, String result);
}
