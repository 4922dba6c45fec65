package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.scheduler.AppId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** An app the agent runs (or, once destroyed, still stops); guarded by the supervisor's lock. */
final class ManagedApp {
  final AppId id;
  final List<LocalTask> tasks = new ArrayList<>();
  final LaunchBackoff backoff = new LaunchBackoff();
  final Deque<Path> endedSandboxes = new ArrayDeque<>();
  /** Its place in the launch queue, while tasks of it wait for resources. */
  final OfferStats offers = new OfferStats();
  ObjectNode definition;
  AppSpec spec;
  String version;
  String lastConfigChangeAt;
  String lastScalingAt;
  ObjectNode lastTaskFailure;
  /** Destroyed: its tasks are being stopped, and it is no longer listed. */
  boolean retiring;

  ManagedApp(StoredApp stored, Duration defaultKillGrace) {
    this.id = AppSpec.from(stored.definition(), defaultKillGrace).id();
    update(stored, defaultKillGrace);
  }

  void update(StoredApp stored, Duration defaultKillGrace) {
    definition = stored.definition();
    spec = AppSpec.from(definition, defaultKillGrace);
    version = stored.version();
    lastConfigChangeAt = stored.lastConfigChangeAt();
    lastScalingAt = stored.lastScalingAt();
  }

  StoredApp stored() {
    return new StoredApp(definition, version, lastConfigChangeAt, lastScalingAt);
  }
}
