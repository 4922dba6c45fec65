package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterConfig;
import io.zeta.lifecycle.Revisions;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code cluster set --history-max N} (and {@code cluster init --history-max N}): how many
 * revisions an instance keeps, the default of {@code upgrade} and {@code rollback}, which may
 * still give their own {@code --history-max}.
 */
final class HistorySettings implements ClusterSetting {
  @Option(names = "--history-max", paramLabel = "N",
      description = "How many revisions (and data snapshots) each instance keeps; upgrade and rollback prune older ones "
          + "unless given their own --history-max (1 to " + ClusterConfig.MAX_HISTORY + "; Zeta's default: "
          + Revisions.DEFAULT_MAX + ").")
  Integer historyMax;

  @Override
  public boolean given() {
    return historyMax != null;
  }

  @Override
  public void validate(ZetaEnv env) {
    if (historyMax != null && (historyMax < 1 || historyMax > ClusterConfig.MAX_HISTORY)) {
      throw new ZetaException("--history-max must be 1 to " + ClusterConfig.MAX_HISTORY + ", got " + historyMax,
          "e.g. --history-max " + Revisions.DEFAULT_MAX, null);
    }
  }

  @Override
  public Cluster apply(Cluster cluster, ZetaEnv env) throws Exception {
    return cluster.withHistoryMax(historyMax);
  }

  @Override
  public List<String> warnings(ZetaEnv env) {
    return List.of();
  }

  @Override
  public void describe(Cluster cluster, ObjectNode into) {
    into.put("historyMax", historyMax(cluster.config()));
  }

  /** The cluster's history limit: its setting, else Zeta's default. */
  static int historyMax(ClusterConfig config) {
    return config.historyMax() == null ? Revisions.DEFAULT_MAX : config.historyMax();
  }
}
