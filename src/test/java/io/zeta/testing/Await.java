package io.zeta.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Retries a check until it passes or a deadline passes, for services that answer a while after
 * their task runs (a database initializing its data directory at the first start). Polls every
 * 200 ms; the last failure is rethrown with how long it was tried.
 */
public final class Await {
  private Await() {}

  public static <T> T until(Duration timeout, Callable<T> check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return check.call();
      } catch (Exception | AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("still failing after " + timeout.toSeconds() + " s: " + e, e);
        }
        Thread.sleep(200);
      }
    }
  }
}
