package io.zeta.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeta.ZetaException;
import io.zeta.cluster.storage.HadoopStorage;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import io.zeta.testing.MiniHdfs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease algorithm with a clock and a process table of the test's own, then on real storage:
 * renewal keeps a lease alive, an expired one is taken over, and of many takers of one stale lock
 * exactly one wins (file: and HDFS).
 */
class LockLeaseTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final LockLease.Processes NONE = pid -> Optional.empty();

  @TempDir
  Path tmp;

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    Instant now = T0;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static LockInfo lock(String host, long pid, Instant start, Instant expires) {
    return new LockInfo("instance@r@i", "install", new Actor("u", host, pid), start, T0, expires, "t", Json.object());
  }

  @Test
  void verdicts() {
    Instant start = T0.minusSeconds(5);
    LockLease.Processes running = pid -> pid == 10 ? Optional.of(Optional.of(start)) : Optional.empty();
    LockLease.Processes unknownStart = pid -> pid == 10 ? Optional.of(Optional.empty()) : Optional.empty();
    Instant exp = T0.plusSeconds(60);
    // This host: the process table decides, whatever the lease.
    assertThat(LockLease.judge(lock("h", 10, start, exp), "h", T0, running)).isEqualTo(LockLease.Verdict.LIVE);
    assertThat(LockLease.judge(lock("h", 10, start, exp), "h", T0.plusSeconds(3600), running)).isEqualTo(LockLease.Verdict.LIVE);
    assertThat(LockLease.judge(lock("h", 11, start, exp), "h", T0, running)).isEqualTo(LockLease.Verdict.HOLDER_DEAD);
    assertThat(LockLease.judge(lock("h", 10, start.minusSeconds(30), exp), "h", T0, running))
        .as("reused pid").isEqualTo(LockLease.Verdict.HOLDER_DEAD);
    assertThat(LockLease.judge(lock("h", 10, start.plusMillis(10), exp), "h", T0, running)).isEqualTo(LockLease.Verdict.LIVE);
    assertThat(LockLease.judge(lock("h", 10, null, exp), "h", T0, running)).as("no start recorded").isEqualTo(LockLease.Verdict.LIVE);
    assertThat(LockLease.judge(lock("h", 10, start, exp), "h", T0, unknownStart)).isEqualTo(LockLease.Verdict.LIVE);
    // Another host: the lease decides.
    assertThat(LockLease.judge(lock("other", 10, start, exp), "h", T0.plusSeconds(59), NONE)).isEqualTo(LockLease.Verdict.LIVE);
    assertThat(LockLease.judge(lock("other", 10, start, exp), "h", T0.plusSeconds(60), NONE)).isEqualTo(LockLease.Verdict.LIVE);
    assertThat(LockLease.judge(lock("other", 10, start, exp), "h", T0.plusSeconds(61), NONE))
        .isEqualTo(LockLease.Verdict.LEASE_EXPIRED);
    // A lock of a Zeta without leases: an hour from when it was taken.
    assertThat(LockLease.judge(lock("other", 10, null, null), "h", T0.plusSeconds(3599), NONE)).isEqualTo(LockLease.Verdict.LIVE);
    assertThat(LockLease.judge(lock("other", 10, null, null), "h", T0.plusSeconds(3601), NONE))
        .isEqualTo(LockLease.Verdict.LEASE_EXPIRED);
    assertThat(LockLease.renewEvery(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(20));
  }

  Storage fileStorage() throws Exception {
    URI root = tmp.resolve("c" + System.nanoTime()).toUri();
    Storage s = HadoopStorage.open(root);
    s.mkdirs(ClusterLayout.LOCKS, 0755);
    return s;
  }

  @Test
  void aRenewedLeaseStaysAndAnUnrenewedOneIsTakenOver() throws Exception {
    TestClock clock = new TestClock();
    try (Storage storage = fileStorage();
        Locks hostA = new Locks(storage, new Actor("a", "host-a", 1), clock, NONE, Duration.ofSeconds(60), T0);
        Locks hostB = new Locks(storage, new Actor("b", "host-b", 2), clock, NONE, Duration.ofSeconds(60), T0)) {
      List<String> notes = new ArrayList<>();
      hostB.notesTo(notes::add);
      Locks.Lock held = hostA.acquire("instance@r@i", "install", null, Duration.ZERO);
      clock.advance(Duration.ofSeconds(50));
      hostA.renewNow();
      clock.advance(Duration.ofSeconds(50));
      // 100 s after it was taken, but renewed 50 s ago: live.
      assertThatThrownBy(() -> hostB.acquire("instance@r@i", "stage", null, Duration.ZERO))
          .isInstanceOf(ZetaException.class).hasMessageContaining("instance r/i is busy: install by a@host-a (pid 1)");
      clock.advance(Duration.ofSeconds(11));
      Locks.Lock taken = hostB.acquire("instance@r@i", "uninstall", null, Duration.ZERO);
      assertThat(notes).anyMatch(n -> n.contains("took over the lock of instance r/i") && n.contains("lease from host host-a expired"));
      assertThat(hostB.read("instance@r@i").orElseThrow().owner().host()).isEqualTo("host-b");
      // The old holder finds out and neither renews nor releases what is no longer its lock.
      List<String> lostNotes = new ArrayList<>();
      hostA.notesTo(lostNotes::add);
      hostA.renewNow();
      assertThat(lostNotes).anyMatch(n -> n.contains("was taken over by uninstall by b@host-b"));
      held.close();
      held.close();
      assertThat(hostB.read("instance@r@i").orElseThrow().op()).isEqualTo("uninstall");
      taken.close();
      assertThat(hostB.read("instance@r@i")).isEmpty();
    }
  }

  @Test
  void manyTakersOfOneStaleLockGiveExactlyOneWinnerOnFile() throws Exception {
    try (Storage storage = fileStorage()) {
      race(storage);
    }
  }

  @Test
  void manyTakersOfOneStaleLockGiveExactlyOneWinnerOnHdfs() throws Exception {
    try (Storage storage = HadoopStorage.open(MiniHdfs.shared().uri("/lockrace" + System.nanoTime()))) {
      storage.mkdirs(ClusterLayout.LOCKS, 0755);
      race(storage);
    }
  }

  /** Each round: a stale lock, eight takers released at once; one takes it, the others find it live. */
  void race(Storage storage) throws Exception {
    int takers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(takers);
    try {
      for (int round = 0; round < 10; round++) {
        String name = "instance@r@i" + round;
        Instant then = Instant.now().minusSeconds(600);
        storage.write(Locks.path(name), Json.prettyBytes(Map.of("op", "install", "user", "x", "host", "gone.invalid",
            "pid", 7, "acquiredAt", then.toString(), "leaseExpiresAt", then.plusSeconds(60).toString(), "token", "old",
            "intent", Map.of())));
        CyclicBarrier start = new CyclicBarrier(takers);
        List<Future<String>> results = new ArrayList<>();
        List<Locks> all = new ArrayList<>();
        for (int i = 0; i < takers; i++) {
          // Every taker is a live process on its own host: once one holds it, the others see a live lease.
          Locks locks = new Locks(storage, new Actor("t" + i, "host-" + i, 100 + i), Clock.systemUTC(), NONE,
              Duration.ofSeconds(60), T0);
          all.add(locks);
          results.add(pool.submit(() -> {
            start.await();
            try {
              locks.acquire(name, "taker", null, Duration.ZERO);
              return "won";
            } catch (ZetaException busy) {
              return "busy";
            }
          }));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
          outcomes.add(f.get());
        }
        assertThat(outcomes).as("round " + round).containsOnlyOnce("won");
        LockInfo holder = all.get(0).read(name).orElseThrow();
        assertThat(holder.op()).isEqualTo("taker");
        all.forEach(Locks::close);
        assertThat(all.get(0).read(name)).as("released by its one holder").isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
