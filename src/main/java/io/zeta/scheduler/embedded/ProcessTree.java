package io.zeta.scheduler.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stops a task's process and everything it started: {@code sh -c} leaves its children behind when
 * only the shell is signalled.
 */
final class ProcessTree {
  private static final Duration AFTER_KILL = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(20);

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

  /** SIGTERM to every tree at once, then as {@link #terminate}: stopping many tasks costs one grace period. */
  static void terminateAll(List<ProcessHandle> roots, Duration grace) {
    List<ProcessHandle> all = new ArrayList<>();
    roots.forEach(r -> all.addAll(snapshot(r)));
    all.forEach(ProcessHandle::destroy);
    awaitExit(all, grace);
    List<ProcessHandle> left = all.stream().filter(ProcessHandle::isAlive).toList();
    if (!left.isEmpty()) {
      left.forEach(ProcessHandle::destroyForcibly);
      awaitExit(left, AFTER_KILL);
    }
  }

  /**
   * Polls instead of {@code onExit()}: for a process that is not this JVM's child (a re-adopted
   * task), the JDK's onExit polls with sleeps growing to 5 s, one thread per process.
   */
  private static void awaitExit(List<ProcessHandle> handles, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ProcessHandle> alive = new ArrayList<>(handles);
    while (true) {
      alive.removeIf(h -> !h.isAlive());
      if (alive.isEmpty() || System.nanoTime() > deadline) {
        return;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
