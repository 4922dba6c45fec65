package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over the tasks a previous agent of the work directory left, in the background while the
 * API already answers: a recorded process that still runs (same pid and kernel start time) is
 * re-adopted when its app still wants it, else stopped; records of ended processes are dropped.
 * Only then does the supervisor's loop start, so that it does not launch what is being adopted.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  enum State { RECOVERING, DONE, FAILED }

  private final TaskRecords records;
  private final AppSupervisor supervisor;
  private final Duration killGrace;
  private volatile State state = State.RECOVERING;
  private volatile int recorded;
  private volatile int adopted;
  private volatile int stopped;
  private volatile int gone;
  private volatile Instant finishedAt;
  private volatile String error;
  private final Instant startedAt = Instant.now();

  Recovery(TaskRecords records, AppSupervisor supervisor, Duration killGrace) {
    this.records = records;
    this.supervisor = supervisor;
    this.killGrace = killGrace;
  }

  void startInBackground() {
    Thread t = new Thread(this::run, "zeta-recovery");
    t.setDaemon(true);
    t.start();
  }

  void run() {
    try {
      List<TaskRecords.Entry> entries = records.load();
      recorded = entries.size();
      List<TaskRecords.Entry> stopping = new ArrayList<>();
      for (TaskRecords.Entry e : entries) {
        if (e.process().isEmpty()) {
          gone++;
          Files.deleteIfExists(e.file());
        } else if (supervisor.adopt(e, e.process().get())) {
          adopted++;
        } else if (e.container()) {
          // Its conmon runs; the container goes with the sweep of untracked containers once podman is probed.
          LOG.warn("dropping task {} left over from the previous agent: its app no longer wants it; its container "
              + "is removed with the agent's other untracked containers", e.taskId());
          Files.deleteIfExists(e.file());
          stopped++;
        } else {
          ProcessHandle p = e.process().get();
          LOG.warn("stopping task {} (pid {}) left over from the previous agent: its app no longer wants it",
              e.taskId(), p.pid());
          stopping.add(e);
          stopped++;
        }
      }
      ProcessTree.terminateAll(stopping.stream().map(e -> e.process().get()).toList(), killGrace);
      stopping.forEach(e -> records.delete(e.taskId()));
      if (recorded > 0) {
        LOG.info("recovery: {} task(s) recorded, {} re-adopted, {} stopped, {} had ended", recorded, adopted, stopped,
            gone);
      }
      state = State.DONE;
    } catch (IOException | RuntimeException e) {
      error = e.toString();
      state = State.FAILED;
      LOG.error("recovery of the recorded tasks failed; starting the apps anyway", e);
    } finally {
      finishedAt = Instant.now();
      supervisor.start();
    }
  }

  State state() {
    return state;
  }

  /** For the {@code zeta.agent.recovery} gauge of /metrics and {@code zeta agent status}. */
  ObjectNode json() {
    ObjectNode out = Json.object();
    out.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
    out.put("tasksRecorded", recorded);
    out.put("tasksAdopted", adopted);
    out.put("tasksStopped", stopped);
    out.put("tasksEnded", gone);
    out.put("startedAt", MarathonTime.format(startedAt));
    Instant f = finishedAt;
    if (f == null) {
      out.putNull("finishedAt");
    } else {
      out.put("finishedAt", MarathonTime.format(f));
    }
    if (error != null) {
      out.put("error", error);
    }
    return out;
  }
}
