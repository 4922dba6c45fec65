package io.zeta.cli;

import io.zeta.Causes;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.LockInfo;
import io.zeta.cluster.Locks;
import io.zeta.cluster.storage.FreezableStorage;
import io.zeta.lifecycle.Doctor;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * SIGINT and SIGTERM (Ctrl-C, kill) during a mutating command. The JVM runs its shutdown hooks and
 * exits 130 or 143; this hook first freezes the cluster storage (the command stops at its next
 * call), then, for each lock the command holds, finishes or undoes its operation from the lock's
 * intent as {@code zeta cluster doctor --repair} would (which also removes its temporary
 * directories), releases the lock, writes an {@code interrupted} audit line and prints one line
 * saying what state the cluster is in. It runs in Hadoop's ShutdownHookManager, ahead of the hook
 * that closes Hadoop's filesystems, which it still needs.
 */
final class Interrupts {
  /** Ahead of Hadoop's FileSystem closer. */
  private static final int PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 20;
  private static final Duration FREEZE_PATIENCE = Duration.ofSeconds(5);

  /** The command in progress. */
  private record Running(Cluster cluster, String command, String target, PrintWriter err) {}

  private static volatile boolean installed;
  private static volatile boolean hooked;
  private static volatile Running current;
  private static volatile boolean finished;

  private Interrupts() {}

  /** Called once by {@link Main#main}: in-process runs (tests) have no signals to handle. */
  static void install() {
    installed = true;
  }

  /**
   * The hook goes into Hadoop's manager when the first mutating command begins, not at start-up:
   * loading the manager configures logging and, at exit, reads Hadoop's configuration (0.1-0.2 s
   * that catalog commands, which never open a cluster, do not need). Before a command begins
   * there is nothing to undo.
   */
  private static synchronized void hook() {
    if (!hooked) {
      hooked = true;
      ShutdownHookManager.get().addShutdownHook(Interrupts::onShutdown, PRIORITY, 30, TimeUnit.SECONDS);
    }
  }

  static void begin(Cluster cluster, String command, String target, PrintWriter err) {
    if (installed) {
      hook();
      finished = false;
      current = new Running(cluster, command, target, err);
    }
  }

  /** The action is done; only its audit line is left. */
  static void actionDone() {
    finished = true;
  }

  static void end() {
    current = null;
  }

  private static void onShutdown() {
    Running r = current;
    current = null;
    if (r == null) {
      return; // no command in progress: a normal exit, or a signal before or after one
    }
    if (r.cluster().storage() instanceof FreezableStorage gate) {
      gate.freeze(FREEZE_PATIENCE);
    }
    List<String> states = new ArrayList<>();
    Locks locks = r.cluster().locks();
    List<Locks.Lock> held = new ArrayList<>(locks.held());
    java.util.Collections.reverse(held);
    for (Locks.Lock lock : held) {
      states.add(settle(r.cluster(), lock));
    }
    String state;
    if (finished) {
      state = r.command() + " " + r.target() + " had finished";
    } else if (states.isEmpty()) {
      state = "nothing changed";
    } else {
      state = String.join("; ", states);
    }
    try {
      r.cluster().audit().record(r.command(), r.target(), "interrupted: " + state);
    } catch (Exception e) {
      r.err().println("zeta: warning: could not write the audit log: " + Causes.describe(e));
    }
    r.err().println("zeta: interrupted: " + state);
    r.err().flush();
    locks.close();
  }

  /** Puts one held lock's operation into a consistent state and releases the lock; says which. */
  private static String settle(Cluster cluster, Locks.Lock lock) {
    LockInfo info = lock.info();
    String target = Locks.target(info.name());
    try {
      String state;
      if (info.intent().isEmpty()) {
        state = withoutIntent(info, target);
      } else if (info.op().equals("uninstall") && !lock.phase().equals("removing")) {
        // Its apps may be partly destroyed, but nothing of the instance is removed yet.
        String instance = info.intent().path("role").asText() + "/" + info.intent().path("id").asText();
        state = instance + " is still installed, nothing removed (run the uninstall again to finish it)";
      } else {
        state = new Doctor(cluster).recover(info);
      }
      lock.close();
      return state;
    } catch (Exception e) {
      // The lock stays, with the intent doctor needs.
      return target + ": " + info.op() + " left unfinished (" + Causes.describe(e) + "); run `zeta cluster doctor --repair`";
    }
  }

  private static String withoutIntent(LockInfo info, String target) {
    if (info.name().startsWith("instance@")) {
      String instance = target.substring("instance ".length());
      return "the " + info.op() + " of " + instance + " stopped; its apps may still be changing on the scheduler "
          + "(see `zeta package status " + instance + "`)";
    }
    if (info.name().startsWith("policy@")) {
      return "nothing changed";
    }
    return info.op() + " of " + target + " stopped part way; run `zeta cluster doctor --repair`";
  }
}
