package io.zeta.lifecycle;

import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code scheduler.json} in an instance home: written before an instance's apps are first sent to
 * the scheduler. Its absence proves the instance never ran, so uninstalling it needs no scheduler.
 */
record SchedulerMarker(List<String> appIds, String scheduler, String firstStartedAt) {
  static final String FILE = io.zeta.catalog.ReservedNames.SCHEDULER;

  static Optional<SchedulerMarker> read(Storage storage, String home) throws IOException {
    try {
      return Optional.of(Json.read(storage.read(home + "/" + FILE), SchedulerMarker.class, home + "/" + FILE));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  static void ensure(Storage storage, String home, List<String> appIds, String scheduler) throws IOException {
    if (read(storage, home).isEmpty()) {
      storage.write(home + "/" + FILE, Json.prettyBytes(new SchedulerMarker(appIds, scheduler, Instant.now().toString())),
          io.zeta.cluster.ClusterLayout.INSTANCE_FILE_MODE);
    }
  }
}
