package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code zeta package rollback}: the instance goes back to an earlier revision's version and
 * options (a new revision, as Helm does), with today's secret values. With {@code withData}, its
 * persistent directories are first put back as the snapshot taken when that revision was left
 * holds them (its apps are stopped for it and started again after).
 */
public final class RollbackInstance {
  private final Cluster cluster;
  private final AppRuntime runtime;
  private final Consumer<String> notes;

  public RollbackInstance(Cluster cluster, AppRuntime runtime, Consumer<String> notes) {
    this.cluster = cluster;
    this.runtime = runtime;
    this.notes = notes;
  }

  /** @param revision the revision to go back to; empty for the previous one */
  public InstanceChange.Result run(String role, String id, Optional<Integer> revision, boolean withData,
      InstanceChange.Settings settings) throws IOException {
    InstanceChange change = new InstanceChange(cluster, runtime, notes);
    return change.run(role, id, "rollback", current -> {
      List<Revision> all = current.revisions().list();
      Revision to = revision.isPresent() ? all.stream().filter(r -> r.revision() == revision.get()).findFirst()
          .orElseThrow(() -> new ZetaException(current.target() + " has no revision " + revision.get(),
              "see `zeta package history " + current.target() + "`", null))
          : previous(current, all);
      if (to.revision() == current.revision().revision()) {
        throw new ZetaException("revision " + to.revision() + " is the current revision of " + current.target()
            + "; nothing to roll back to", "see `zeta package history " + current.target() + "`", null);
      }
      Optional<Revision> dataOf = Optional.empty();
      if (withData) {
        if (cluster.storage().snapshots().isEmpty()) {
          throw new ZetaException("data is not snapshotted on " + cluster.storage().scheme() + ": clusters, so "
              + "--with-data cannot restore it; nothing was changed", "roll back without --with-data", null);
        }
        // The data of revision N is in the snapshot taken when N was left: by the next revision.
        dataOf = all.stream().filter(r -> r.revision() > to.revision() && r.hasSnapshot()).findFirst();
        if (dataOf.isEmpty()) {
          throw new ZetaException("no data snapshot holds the data of revision " + to.revision() + " of "
              + current.target() + " (snapshots are taken by upgrades and rollbacks; they are pruned with the history)",
              "roll back without --with-data", null);
        }
      }
      return change.rollbackTarget(current, to, "rollback to " + to.revision() + (withData ? " with the data of "
          + dataOf.get().snapshot() : ""), dataOf);
    }, settings);
  }

  /**
   * The previous revision: the newest earlier one that was deployed (not failed, not left
   * pending) and differs from the current one in version or options.
   */
  private static Revision previous(InstanceChange.Current current, List<Revision> all) {
    Revision now = current.revision();
    for (int i = all.size() - 1; i >= 0; i--) {
      Revision r = all.get(i);
      boolean wasDeployed = List.of(Revision.SUPERSEDED, Revision.ROLLED_BACK, Revision.DEPLOYED).contains(r.status());
      boolean same = r.version().equals(now.version()) && Objects.equals(r.options(), now.options());
      if (r.revision() < now.revision() && wasDeployed && !same) {
        return r;
      }
    }
    throw new ZetaException(current.target() + " has no earlier revision to roll back to",
        "see `zeta package history " + current.target() + "`", null);
  }
}
