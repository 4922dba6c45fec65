package io.zeta.scheduler.embedded;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs every health check of every running task: the first right after the task starts, the next
 * {@code intervalSeconds} after each result, for as long as the supervisor still wants them.
 */
final class HealthChecker implements AutoCloseable {
  /** Receives results and says which tasks are still checked. */
  interface Listener {
    boolean stillChecked(LocalTask task);

    void onResult(LocalTask task, int checkIndex, Optional<String> failure);
  }

  private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Threads.daemon("zeta-health-timer"));
  private final ExecutorService probes = Executors.newFixedThreadPool(8, Threads.daemon("zeta-health-probe"));
  private final Listener listener;
  private final ContainerRuntime containers;

  HealthChecker(Listener listener, ContainerRuntime containers) {
    this.listener = listener;
    this.containers = containers;
  }

  void watch(LocalTask task) {
    for (int i = 0; i < task.spec.healthChecks().size(); i++) {
      schedule(task, i, Duration.ZERO);
    }
  }

  private void schedule(LocalTask task, int index, Duration delay) {
    try {
      timer.schedule(() -> probes.execute(() -> probe(task, index)), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed: the agent is stopping.
    }
  }

  private void probe(LocalTask task, int index) {
    if (!listener.stillChecked(task)) {
      return;
    }
    HealthCheckSpec check = task.spec.healthChecks().get(index);
    listener.onResult(task, index, HealthProbe.check(check, task, containers));
    if (listener.stillChecked(task)) {
      Duration interval = check.interval().compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : check.interval();
      schedule(task, index, interval);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    probes.shutdownNow();
  }
}
