package io.zeta.scheduler.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Stops a task's process and everything it started: {@code sh -c} leaves its children behind when
 * only the shell is signalled.
 */
final class ProcessTree {
  private static final Duration AFTER_KILL = Duration.ofSeconds(5);

  private ProcessTree() {}

  /** SIGTERM to the whole tree, SIGKILL to what is still there after {@code grace}; returns when all are gone. */
  static void terminate(ProcessHandle root, Duration grace) {
    // Children are listed before the parent dies: after that they belong to init and cannot be found.
    List<ProcessHandle> tree = snapshot(root);
    tree.forEach(ProcessHandle::destroy);
    awaitExit(tree, grace);
    List<ProcessHandle> left = new ArrayList<>(tree.stream().filter(ProcessHandle::isAlive).toList());
    if (root.isAlive()) {
      root.descendants().filter(h -> !left.contains(h)).forEach(left::add);
    }
    if (!left.isEmpty()) {
      left.forEach(ProcessHandle::destroyForcibly);
      awaitExit(left, AFTER_KILL);
    }
  }

  static List<ProcessHandle> snapshot(ProcessHandle root) {
    return Stream.concat(Stream.of(root), root.descendants()).toList();
  }

  private static void awaitExit(List<ProcessHandle> handles, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ProcessHandle h : handles) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        h.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return;
      } catch (ExecutionException e) {
        // onExit does not fail; nothing to wait for.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
