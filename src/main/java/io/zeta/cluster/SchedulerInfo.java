package io.zeta.cluster;

import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The Marathon release the cluster's scheduler runs, as last observed: {@code
 * /zeta/kstore/scheduler-info.json}, {@code {"marathonVersion": "1.9.460", "source": "...",
 * "recordedAt": "..."}}. Written by {@code cluster init} (from {@code /v2/info}, the embedded
 * scheduler's own version, or {@code --marathon-version}) and by the first start that finds none.
 * Apart from cluster.json because it is an observation, not configuration: it is rewritten
 * whenever it is read again, and losing it only means apps are checked against Marathon 1.7.
 *
 * @param source where the version came from: {@code /v2/info of URL}, {@code --marathon-version}
 */
public record SchedulerInfo(String marathonVersion, String source, String recordedAt) {
  public static Optional<SchedulerInfo> read(Storage storage) {
    try {
      if (!storage.exists(ClusterLayout.SCHEDULER_INFO)) {
        return Optional.empty();
      }
      return Optional.of(Json.read(storage.read(ClusterLayout.SCHEDULER_INFO), SchedulerInfo.class,
          storage.uri(ClusterLayout.SCHEDULER_INFO)));
    } catch (IOException | RuntimeException e) {
      // A damaged record is as good as none: apps are then checked against the oldest release.
      return Optional.empty();
    }
  }

  /** Records a version (a temp file renamed over the old record). */
  public static SchedulerInfo write(Storage storage, String marathonVersion, String source) throws IOException {
    SchedulerInfo info = new SchedulerInfo(marathonVersion, source, Instant.now().toString());
    storage.write(ClusterLayout.SCHEDULER_INFO, Json.prettyBytes(info), ClusterLayout.CONFIG_MODE);
    return info;
  }
}
