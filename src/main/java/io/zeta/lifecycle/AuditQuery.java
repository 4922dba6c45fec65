package io.zeta.lifecycle;

import io.zeta.cluster.Access;
import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Access.Action;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code zeta cluster audit}: the audit log, filtered. A principal who is not an admin sees the
 * entries of the roles it may read and its own (its refusals too); asking for one role it may
 * not read is refused. Without a directory everyone sees everything, as before.
 */
public final class AuditQuery {
  /**
   * @param user entries where this user acted, in person or impersonated
   * @param action {@code package install} or its last word {@code install}
   */
  public record Filter(Optional<String> user, Optional<String> role, Optional<Instant> since, Optional<String> action) {}

  private final Cluster cluster;

  public AuditQuery(Cluster cluster) {
    this.cluster = cluster;
  }

  public List<AuditLog.Entry> run(Filter filter) throws IOException {
    Access authorizer = cluster.access();
    filter.role().ifPresent(r -> authorizer.require(Action.AUDIT, r));
    boolean all = !authorizer.enforced() || authorizer.isAdmin();
    String me = authorizer.name();
    java.util.Map<String, Boolean> readable = new java.util.HashMap<>();
    return cluster.audit().read().stream()
        .filter(e -> all || e.involves(me) || (e.role() != null
            && readable.computeIfAbsent(e.role(), r -> authorizer.may(Action.AUDIT, r))))
        .filter(e -> filter.user().map(e::involves).orElse(true))
        .filter(e -> filter.role().map(r -> r.equals(e.role())).orElse(true))
        .filter(e -> filter.since().map(t -> since(e, t)).orElse(true))
        .filter(e -> filter.action().map(a -> a.equals(e.action()) || (e.action() != null && e.action().endsWith(" " + a)))
            .orElse(true))
        .toList();
  }

  private static boolean since(AuditLog.Entry e, Instant t) {
    try {
      return !Instant.parse(e.time()).isBefore(t);
    } catch (RuntimeException damaged) {
      return false;
    }
  }
}
