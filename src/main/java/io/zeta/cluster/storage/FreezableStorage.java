package io.zeta.cluster.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A storage an interrupt handler can freeze: {@link #freeze} waits for the operation in flight
 * to end, and from then on only the freezing thread gets through; every other thread (the
 * interrupted command, the lease renewer) stops at its next call and never goes on, because the
 * process is ending. So the handler cleans up a tree no one else changes under it.
 *
 * <p>For tests only, the system property {@code zeta.test.pauseAtWrite=N} makes the Nth write
 * (mkdirs, create, write, append, rename, replace, delete, setMode, setOwner) wait forever before
 * it happens, after printing {@code zeta-test: paused before write N} on stderr: a test then sends
 * a signal to a command stopped exactly there. With the property set, every write is also listed
 * on stderr ({@code zeta-test: write N: ...}); {@code 0} lists them without pausing.
 */
public final class FreezableStorage extends InterceptingStorage {
  private static final String PAUSE_PROPERTY = "zeta.test.pauseAtWrite";

  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final AtomicInteger writes = new AtomicInteger();
  private final int pauseAt;
  private volatile Thread owner;

  public FreezableStorage(Storage real) {
    super(real);
    this.pauseAt = Integer.getInteger(PAUSE_PROPERTY, -1);
  }

  /**
   * Lets only this thread through from now on. Waits up to {@code patience} for a call in flight
   * (a call stuck on an unreachable filesystem must not hold the handler forever).
   */
  public void freeze(Duration patience) {
    try {
      gate.writeLock().tryLock(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    owner = Thread.currentThread();
  }

  @Override
  protected <T> T read(Call<T> call) throws IOException {
    if (Thread.currentThread() == owner) {
      return call.run();
    }
    gate.readLock().lock();
    try {
      return call.run();
    } finally {
      gate.readLock().unlock();
    }
  }

  @Override
  protected <T> T write(String what, Call<T> call) throws IOException {
    if (Thread.currentThread() == owner) {
      return call.run();
    }
    int n = writes.incrementAndGet();
    if (pauseAt >= 0) {
      System.err.println("zeta-test: write " + n + ": " + what);
    }
    if (n == pauseAt) {
      pauseForever(n, what);
    }
    gate.readLock().lock();
    try {
      return call.run();
    } finally {
      gate.readLock().unlock();
    }
  }

  private static void pauseForever(int n, String what) {
    System.err.println("zeta-test: paused before write " + n + " (" + what + ")");
    System.err.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException ignored) {
        // Only the end of the process ends this pause.
      }
    }
  }
}
