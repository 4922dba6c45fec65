package io.zeta.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * An operation in progress, as its lock file records it: what it does, on whose behalf, since
 * when, and the intent {@code zeta cluster doctor} needs to finish or undo it after a crash.
 */
public record LockInfo(String name, String op, Actor owner, Instant startedAt, ObjectNode intent) {
  public Duration age() {
    return Duration.between(startedAt, Instant.now());
  }

  public String describe() {
    return op + " by " + owner + " since " + startedAt;
  }
}
