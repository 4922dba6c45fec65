package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The unified diff between two revisions of an instance: its Marathon apps, its options and each
 * rendered config file, as the revision records hold them. Those records were masked when they
 * were written (secret values never reach {@code revisions/}), so nothing here can show a secret.
 * Reads only; needs the right to read the role's status, as {@code package history}.
 */
public final class RevisionDiff {
  /** The Marathon apps of a revision, as compared. */
  public static final String MARATHON = "marathon.json";
  /** The user's options of a revision, as compared. */
  public static final String OPTIONS = "options.json";
  private final Cluster cluster;

  public RevisionDiff(Cluster cluster) {
    this.cluster = cluster;
  }

  /** One compared file; {@code diff} is empty when both revisions have the same content. */
  public record FileDiff(String path, String diff) {}

  public record Result(String role, String id, Revision from, Revision to, List<FileDiff> files) {
    public boolean same() {
      return files.stream().allMatch(f -> f.diff().isEmpty());
    }
  }

  public Result run(String role, String id, int from, int to) throws IOException {
    InstanceHistory.History h = new InstanceHistory(cluster).run(role, id);
    Revision a = find(h, from);
    Revision b = find(h, to);
    List<FileDiff> out = new ArrayList<>();
    out.add(new FileDiff(MARATHON, UnifiedDiff.of(MARATHON, pretty(a.marathon()), pretty(b.marathon()))));
    out.add(new FileDiff(OPTIONS, UnifiedDiff.of(OPTIONS, pretty(a.options()), pretty(b.options()))));
    Set<String> files = new TreeSet<>(a.configFiles().keySet());
    files.addAll(b.configFiles().keySet());
    for (String f : files) {
      out.add(new FileDiff(f, UnifiedDiff.of(f, a.configFiles().get(f), b.configFiles().get(f))));
    }
    return new Result(h.role(), h.id(), a, b, out);
  }

  private static Revision find(InstanceHistory.History h, int n) {
    return h.revisions().stream().filter(r -> r.revision() == n).findFirst().orElseThrow(() -> new ZetaException(
        h.role() + "/" + h.id() + " has no revision " + n, "its revisions are "
            + String.join(", ", h.revisions().stream().map(r -> String.valueOf(r.revision())).toList())
            + " (older ones are pruned)", null));
  }

  private static String pretty(JsonNode node) {
    return node == null || node.isNull() ? null : Json.pretty(node) + "\n";
  }
}
