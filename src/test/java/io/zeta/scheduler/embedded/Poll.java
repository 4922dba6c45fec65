package io.zeta.scheduler.embedded;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, instead of sleeping a guessed time. */
public final class Poll {
  private Poll() {}

  public static void until(Duration timeout, String what, Supplier<Boolean> condition) {
    await(timeout, what, () -> condition.get() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  public static <T> T await(Duration timeout, String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
