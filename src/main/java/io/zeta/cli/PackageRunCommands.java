package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.lifecycle.RestartInstance;
import io.zeta.lifecycle.ScaleInstance;
import io.zeta.lifecycle.StartInstance;
import io.zeta.lifecycle.StopInstance;
import io.zeta.scheduler.AppStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that run instances on the cluster's scheduler. */
final class PackageRunCommands {
  private PackageRunCommands() {}

  /** What start, stop, restart and scale share. */
  abstract static class OnInstance extends Subcommand {
    @Parameters(index = "0", paramLabel = "ROLE/ID", description = "The instance.")
    String target;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
        description = "How long to wait for the scheduler (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--force", description = "Override deployments still changing the apps (Marathon's "
        + "force=true), instead of waiting for them to finish.")
    boolean force;

    @Mixin
    WaitOption waitOption;

    /** The instance, once the options are known to be sound (called first by every execute). */
    String[] roleId() {
      timeout();
      return Names.roleAndId(target);
    }

    /** Where the waits report: a line redrawn on a terminal, periodic lines otherwise. */
    io.zeta.lifecycle.Progress progress() {
      return new TerminalProgress(err(), env().terminal());
    }

    Duration timeout() {
      if (timeoutSeconds < 1) {
        throw usage("--timeout must be 1 second or more, got " + timeoutSeconds);
      }
      return Duration.ofSeconds(timeoutSeconds);
    }

    void print(List<AppStatus> statuses) {
      if (structured()) {
        var doc = result(target);
        var apps = doc.putArray("apps");
        statuses.forEach(s -> apps.add(appJson(s)));
        print(doc);
        return;
      }
      for (AppStatus s : statuses) {
        StringBuilder line = new StringBuilder(s.id() + ": " + s.state().id() + " (" + s.tasksRunning() + "/" + s.instances()
            + " tasks running");
        if (s.hasHealthChecks()) {
          line.append(", ").append(s.tasksHealthy()).append(" healthy");
        }
        line.append(")");
        out().println(line);
        s.tasks().forEach(t -> t.ports().stream().findFirst()
            .ifPresent(port -> out().println("  " + t.id() + " http://" + t.host() + ":" + port + "/")));
      }
    }
  }

  /** An app's state on the scheduler: {id, state, instances, tasksRunning, tasksHealthy, tasks: [{id, host, ports}]}. */
  static com.fasterxml.jackson.databind.node.ObjectNode appJson(AppStatus s) {
    var o = io.zeta.json.Json.object();
    o.put("id", s.id());
    o.put("state", s.state().id());
    o.put("tasksWanted", s.instances());
    o.put("tasksRunning", s.tasksRunning());
    if (s.hasHealthChecks()) {
      o.put("tasksHealthy", s.tasksHealthy());
    }
    var tasks = o.putArray("tasks");
    for (var t : s.tasks()) {
      tasks.addObject().put("id", t.id()).put("host", t.host()).set("ports", io.zeta.json.Json.tree(t.ports()));
    }
    return o;
  }

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = {"Start an instance on the cluster's scheduler: create its apps, or scale them back up, in order.",
          "Each app is checked against Marathon's schema before it is sent. Waits until it runs unless --no-wait."})
  static final class Start extends OnInstance {
    @Option(names = "--no-wait", description = "Return once the apps are submitted (a multi-app instance still waits between apps).")
    boolean noWait;

    @Override
    int execute() throws Exception {
      String[] r = roleId();
      try (Cluster cluster = cluster()) {
        List<AppStatus> statuses = audited(cluster, target, () ->
            new StartInstance(cluster, Runtimes.of(cluster, env()), progress()).run(r[0], r[1], !noWait, force, timeout()));
        print(statuses);
        return 0;
      }
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = {"Stop an instance: scale its apps to 0 (last started first). Its apps stay known to the scheduler.",
          "Stopping always overrides deployments still changing the apps (Marathon's force=true); --force is "
              + "accepted for symmetry with start and scale."})
  static final class Stop extends OnInstance {
    @Override
    int execute() throws Exception {
      String[] r = roleId();
      try (Cluster cluster = cluster()) {
        List<String> stopped = audited(cluster, target, () ->
            new StopInstance(cluster, Runtimes.of(cluster, env()), progress()).run(r[0], r[1], timeout()));
        if (structured()) {
          print(result(target).set("apps", io.zeta.json.Json.tree(stopped)));
          return 0;
        }
        out().println(stopped.isEmpty() ? target + " was not started." : "Stopped " + String.join(", ", stopped) + ".");
        return 0;
      }
    }
  }

  @Command(name = "restart", mixinStandardHelpOptions = true, description = "Stop an instance, then start it again.")
  static final class Restart extends OnInstance {
    @Override
    int execute() throws Exception {
      String[] r = roleId();
      try (Cluster cluster = cluster()) {
        List<AppStatus> statuses = audited(cluster, target, () ->
            new RestartInstance(cluster, Runtimes.of(cluster, env()), progress()).run(r[0], r[1], force, timeout()));
        print(statuses);
        return 0;
      }
    }
  }

  @Command(name = "scale", mixinStandardHelpOptions = true,
      description = "Set the number of tasks of an instance's app, on the scheduler and in its marathon.json.")
  static final class Scale extends OnInstance {
    @Parameters(index = "1", paramLabel = "N", description = "Number of tasks (0 stops the app).")
    int instances;

    @Option(names = "--app", paramLabel = "NAME", description = "For a multi-app instance: which app.")
    String app;

    @Option(names = "--no-wait", description = "Return without waiting for the tasks.")
    boolean noWait;

    @Override
    int execute() throws Exception {
      String[] r = roleId();
      try (Cluster cluster = cluster()) {
        AppStatus status = audited(cluster, target + " " + instances, () -> new ScaleInstance(cluster,
            Runtimes.of(cluster, env()), progress()).run(r[0], r[1], Optional.ofNullable(app), instances, !noWait, force,
            timeout()));
        print(List.of(status));
        return 0;
      }
    }
  }
}
