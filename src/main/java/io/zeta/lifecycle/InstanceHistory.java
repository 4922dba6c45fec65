package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.Names;
import java.io.IOException;
import java.util.List;

/** {@code zeta package history}: an instance's revisions, oldest first; reads only. */
public final class InstanceHistory {
  private final Cluster cluster;

  public InstanceHistory(Cluster cluster) {
    this.cluster = cluster;
  }

  /** The revisions and the number of the current one (0 when none is current). */
  public record History(String role, String id, List<Revision> revisions, int current) {}

  public History run(String role, String id) throws IOException {
    Names.role(role);
    Names.instanceId(id);
    cluster.access().require(io.zeta.cluster.Access.Action.STATUS, role);
    InstanceEntry entry = cluster.index().instance(role, id).orElseThrow(() -> new ZetaException(
        "no instance " + role + "/" + id + " is installed", "see `zeta package list`", null));
    Revisions revisions = new Revisions(cluster.storage(), entry.home());
    List<Revision> all = revisions.list();
    String installId = UninstallInstance.readRecord(cluster.storage(), entry.home()).map(InstanceRecord::installId)
        .orElse("");
    int current = all.stream().filter(r -> installId.equals(r.changeId())).mapToInt(Revision::revision).max().orElse(0);
    return new History(role, id, all, current);
  }
}
