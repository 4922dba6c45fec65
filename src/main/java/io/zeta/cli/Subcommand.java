package io.zeta.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of every leaf command: reaches the environment through the root command. */
abstract class Subcommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @picocli.CommandLine.Mixin
  OutputFormat output;

  ZetaEnv env() {
    return root().env();
  }

  ZetaCommand root() {
    return (ZetaCommand) spec.root().userObject();
  }

  /** The cluster this command acts on; the caller closes it. */
  io.zeta.cluster.Cluster cluster() {
    io.zeta.cluster.Cluster cluster = Clusters.open(env(), root().cluster);
    java.time.Duration wait = io.zeta.cluster.Locks.DEFAULT_WAIT;
    for (CommandSpec mixin : spec.mixins().values()) {
      if (mixin.userObject() instanceof WaitOption w) {
        wait = w.duration();
      }
    }
    if (root().as != null) {
      actAs(cluster, root().as);
    }
    io.zeta.lifecycle.Doctor doctor = new io.zeta.lifecycle.Doctor(cluster);
    cluster.locks().waitingUpTo(wait).notesTo(note -> err().println("zeta: note: " + note)).recoveringWith(doctor::recover);
    return cluster;
  }

  /** --as: refused (and audited as such) unless the principal is an admin; the cluster is closed then. */
  private void actAs(io.zeta.cluster.Cluster cluster, String user) {
    try {
      cluster.actAs(user);
    } catch (io.zeta.identity.AccessDeniedException e) {
      Clusters.record(cluster.audit(), env(), spec.qualifiedName().replaceFirst("^zeta ", ""), "--as " + user, null,
          "denied: " + e.getMessage());
      try {
        cluster.close();
      } catch (java.io.IOException ignored) {
        // The refusal is what matters.
      }
      throw e;
    } catch (RuntimeException e) {
      try {
        cluster.close();
      } catch (java.io.IOException ignored) {
        // The bad name is what matters.
      }
      throw e;
    }
  }

  /**
   * Runs a reading action (status, logs, audit): not audited when it succeeds, but a refusal is,
   * as every refusal is.
   */
  <T> T reading(io.zeta.cluster.Cluster cluster, String target, Clusters.Action<T> action) throws Exception {
    try {
      return action.run();
    } catch (io.zeta.identity.AccessDeniedException e) {
      String command = spec.qualifiedName().replaceFirst("^zeta ", "");
      Clusters.record(cluster.audit(), env(), command, target,
          e.role().orElse(io.zeta.cluster.AuditLog.roleOf(command, target)), "denied: " + e.getMessage());
      throw e;
    }
  }

  /** Runs a mutating action on a cluster and audits it. */
  <T> T audited(io.zeta.cluster.Cluster cluster, String target, Clusters.Action<T> action) throws Exception {
    return Clusters.audited(cluster, env(), spec.qualifiedName().replaceFirst("^zeta ", ""), target, action);
  }

  /** A bad option value found after parsing: reported like a parse error (exit 2, `see --help`). */
  picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** Whether to print the command's document (json, yaml) instead of its table or message. */
  boolean structured() {
    return output.structured();
  }

  /** Prints the command's document in the chosen format. */
  void print(Object document) {
    output.print(out(), document);
  }

  /**
   * The document of a command that changed something: {@code action} (the command), {@code
   * target} and {@code result} as in the audit log, then the command's own fields.
   */
  com.fasterxml.jackson.databind.node.ObjectNode result(String target) {
    com.fasterxml.jackson.databind.node.ObjectNode doc = io.zeta.json.Json.object();
    doc.put("action", spec.qualifiedName().replaceFirst("^zeta ", ""));
    doc.put("target", target);
    doc.put("result", "ok");
    return doc;
  }

  /**
   * Asks before a destructive step ({@link Confirmation}): refused without a terminal unless
   * --yes, and a "no" ends the command with nothing changed.
   */
  void confirm(String question, boolean yes) {
    if (!Confirmation.ask(env(), question, yes)) {
      throw new io.zeta.ZetaException("not confirmed; nothing was changed", null, null);
    }
  }

  PrintWriter out() {
    return env().out();
  }

  PrintWriter err() {
    return env().err();
  }

  @Override
  public final Integer call() throws Exception {
    return execute();
  }

  /** Runs the command; returns the exit status. */
  abstract int execute() throws Exception;
}
