package io.zeta.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a lock's holder is gone, apart from the storage that holds lock files (so it is tested with
 * a clock and a process table of its own). On the holder's host, the process table decides at
 * once: no process with that pid, or one that started at another time (the pid was reused), means
 * the holder is dead. From another host only the lease can tell: the holder rewrites its lock every
 * {@link #renewEvery} with a new expiry; a lease past its expiry is abandoned. Clocks of hosts may
 * disagree by up to two thirds of a lease before a live holder's lock looks expired.
 */
public final class LockLease {
  /** How long a lock lives without renewal. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
  /** Locks written by Zeta versions without leases are treated as expiring this long after they were taken. */
  static final Duration LEGACY_LEASE = Duration.ofHours(1);
  /** Start times read twice of one process agree to the clock tick; anything further apart is another process. */
  private static final Duration SAME_START = Duration.ofSeconds(1);

  /** The processes of this host, as far as a lock needs to know them. */
  public interface Processes {
    /** The running process with this pid: empty when there is none; its start time when known. */
    Optional<Optional<Instant>> find(long pid);

    /** This machine's processes, through {@link ProcessHandle} (on Linux, /proc/PID/stat's start time). */
    static Processes system() {
      return pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> p.info().startInstant());
    }
  }

  /** What a lock's record says about its holder. */
  public enum Verdict {
    /** The holder runs (on this host) or its lease has not expired (elsewhere). */
    LIVE,
    /** On this host, no process with the holder's pid and start time runs. */
    HOLDER_DEAD,
    /** From another host, and its lease expired without renewal. */
    LEASE_EXPIRED;

    public boolean abandoned() {
      return this != LIVE;
    }
  }

  private LockLease() {}

  public static Verdict judge(LockInfo lock, String localHost, Instant now, Processes processes) {
    if (!lock.incomplete() && lock.owner().host().equals(localHost)) {
      Optional<Optional<Instant>> running = processes.find(lock.owner().pid());
      if (running.isEmpty()) {
        return Verdict.HOLDER_DEAD;
      }
      Optional<Instant> start = running.get();
      if (lock.processStart() != null && start.isPresent()
          && Duration.between(start.get(), lock.processStart()).abs().compareTo(SAME_START) > 0) {
        return Verdict.HOLDER_DEAD;
      }
      return Verdict.LIVE;
    }
    return now.isAfter(expiry(lock)) ? Verdict.LEASE_EXPIRED : Verdict.LIVE;
  }

  /** When the lock is abandoned unless renewed. */
  public static Instant expiry(LockInfo lock) {
    return lock.leaseExpires() != null ? lock.leaseExpires() : lock.acquiredAt().plus(LEGACY_LEASE);
  }

  /** How often a holder renews: three renewals fit in a lease, so one or two may fail or come late. */
  public static Duration renewEvery(Duration lease) {
    return lease.dividedBy(3);
  }

  /** Why a lock of this verdict may be taken over, for the note and the audit line. */
  public static String reason(LockInfo lock, Verdict verdict) {
    return switch (verdict) {
      case HOLDER_DEAD -> "its process " + lock.owner().pid() + " on " + lock.owner().host() + " is no longer running";
      case LEASE_EXPIRED -> lock.incomplete() ? "it was left empty by a client that stopped while taking it"
          : "its lease from host " + lock.owner().host() + " expired at " + expiry(lock) + " without renewal";
      case LIVE -> "it is held";
    };
  }
}
