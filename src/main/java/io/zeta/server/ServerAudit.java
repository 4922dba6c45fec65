package io.zeta.server;

import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's audit log as the server writes it: each line names the request's principal
 * (who logged in, not the account running {@code zeta serve}, which is the line's {@code user}).
 * Without a cluster nothing is recorded. A line that cannot be written is logged, and the request
 * goes on (its effect has happened).
 */
public final class ServerAudit {
  private static final Logger LOG = LoggerFactory.getLogger(ServerAudit.class);
  private final Optional<Cluster> cluster;

  public ServerAudit(Optional<Cluster> cluster) {
    this.cluster = cluster;
  }

  public static ServerAudit none() {
    return new ServerAudit(Optional.empty());
  }

  /**
   * @param principal as {@code Principal.display()} gives it
   * @param action e.g. {@code serve: auth login}
   * @param role the role acted in, or null
   * @param result {@code ok}, {@code failed: why}, {@code denied: why}
   */
  public void record(String principal, String action, String target, String role, String result) {
    if (cluster.isEmpty()) {
      return;
    }
    Cluster c = cluster.get();
    try {
      new AuditLog(c.storage(), c.actor(), () -> principal).record(action, target, role, result);
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not write the audit log: {}", e.toString());
    }
  }
}
