package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.lifecycle.TargetMarathon;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --marathon-version}: the Marathon release rendered apps are checked for. */
final class MarathonVersionOption {
  @Option(names = TargetMarathon.FLAG, paramLabel = "MAJOR.MINOR",
      description = "Check apps for this Marathon release (1.7 to 1.10: 1.8 added check and tty, 1.9 role, 1.10 "
          + "resourceLimits). Default: the cluster's, recorded at `cluster init` and at each start from /v2/info; "
          + "without a cluster 1.7.")
  String version;

  Optional<String> value() {
    return Optional.ofNullable(version);
  }

  /** The target for a catalog command: the flag, else the configured cluster's record, else 1.7. */
  TargetMarathon target(ZetaEnv env, String clusterFlag) {
    if (version == null && Clusters.configured(env, clusterFlag).isPresent()) {
      try (Cluster cluster = Clusters.open(env, clusterFlag)) {
        return TargetMarathon.of(cluster, Optional.empty());
      } catch (java.io.IOException e) {
        return TargetMarathon.of(Optional.empty());
      }
    }
    return TargetMarathon.of(value());
  }
}
