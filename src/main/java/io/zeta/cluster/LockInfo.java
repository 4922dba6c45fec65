package io.zeta.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * An operation in progress, as its lock file records it: what it does, on whose behalf (user,
 * host, pid and that process's start time, so a reused pid is not mistaken for the holder), since
 * when, until when its lease runs unless renewed, and the intent {@code zeta cluster doctor} needs
 * to finish or undo it after a crash.
 *
 * @param processStart the holder process's start time; null when unknown (older Zeta, no /proc)
 * @param leaseExpires when the lock is abandoned unless its holder renews it; null for locks of
 *     Zeta versions without leases
 * @param token unique per acquisition: tells a holder whether the file is still its own
 */
public record LockInfo(String name, String op, Actor owner, Instant processStart, Instant acquiredAt,
    Instant leaseExpires, String token, ObjectNode intent) {

  /** When the operation started (the lock was taken). */
  public Instant startedAt() {
    return acquiredAt;
  }

  public Duration age() {
    return Duration.between(acquiredAt, Instant.now());
  }

  /** A lock file whose content never got written (its creator died between create and write). */
  public boolean incomplete() {
    return owner.pid() < 0;
  }

  public String describe() {
    return op + " by " + owner + " since " + acquiredAt;
  }
}
