package io.zeta.scheduler.embedded;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's resources and what its tasks hold of them. A task is admitted only when its cpus,
 * mem and disk fit in what is left, the way Marathon launches a task only on an offer that holds
 * them; it holds them until its process has ended. Guarded by the supervisor's lock.
 */
final class ResourceLedger {
  /** Marathon's names for why an offer did not fit (mesosphere.mesos.NoOfferMatchReason). */
  static final String INSUFFICIENT_CPUS = "InsufficientCpus";
  static final String INSUFFICIENT_MEMORY = "InsufficientMemory";
  static final String INSUFFICIENT_DISK = "InsufficientDisk";
  static final String INSUFFICIENT_GPUS = "InsufficientGpus";
  static final String INSUFFICIENT_PORTS = "InsufficientPorts";
  static final List<String> REASONS = List.of("UnfulfilledRole", "UnfulfilledConstraint",
      "NoCorrespondingReservationFound", "AgentMaintenance", INSUFFICIENT_CPUS, INSUFFICIENT_MEMORY,
      INSUFFICIENT_DISK, INSUFFICIENT_GPUS, INSUFFICIENT_PORTS, "DeclinedScarceResources");
  /** Sums of doubles drift; Mesos compares scalars to three decimals. */
  private static final double EPSILON = 0.0005;

  private record Held(double cpus, double mem, double disk) {}

  private final AgentResources total;
  private final Map<String, Held> held = new HashMap<>();
  private double cpus;
  private double mem;
  private double disk;

  ResourceLedger(AgentResources total) {
    this.total = total;
  }

  AgentResources total() {
    return total;
  }

  /** Why the app's next task does not fit now; empty when it does. */
  List<String> misfits(AppSpec app) {
    List<String> out = new ArrayList<>();
    if (cpus + app.cpus() > total.cpus() + EPSILON) {
      out.add(INSUFFICIENT_CPUS);
    }
    if (mem + app.mem() > total.mem() + EPSILON) {
      out.add(INSUFFICIENT_MEMORY);
    }
    if (disk + app.disk() > total.disk() + EPSILON) {
      out.add(INSUFFICIENT_DISK);
    }
    if (app.gpus() > 0) {
      out.add(INSUFFICIENT_GPUS);
    }
    return out;
  }

  /** Whether the app could ever run here, even on an empty agent. */
  List<String> neverFits(AppSpec app) {
    return new ResourceLedger(total).misfits(app);
  }

  void hold(String taskId, AppSpec app) {
    Held h = new Held(app.cpus(), app.mem(), app.disk());
    Held before = held.put(taskId, h);
    if (before != null) {
      subtract(before);
    }
    cpus += h.cpus;
    mem += h.mem;
    disk += h.disk;
  }

  void release(String taskId) {
    Held h = held.remove(taskId);
    if (h != null) {
      subtract(h);
    }
  }

  private void subtract(Held h) {
    cpus = Math.max(0, cpus - h.cpus);
    mem = Math.max(0, mem - h.mem);
    disk = Math.max(0, disk - h.disk);
  }

  double usedCpus() {
    return cpus;
  }

  double usedMem() {
    return mem;
  }

  double usedDisk() {
    return disk;
  }
}
