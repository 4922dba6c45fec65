package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.lifecycle.InstanceChange;
import io.zeta.lifecycle.Revisions;
import io.zeta.lifecycle.UpgradeInstance;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "upgrade", mixinStandardHelpOptions = true,
    description = {"Move an installed instance to another staged version and/or other options, as a new revision "
        + "(see `zeta package history`).",
        "The version must list the installed one in its package.json upgradesFrom (or the installed one the target in "
            + "downgradesTo). Persistent data is kept (and snapshotted first on HDFS); config files and apps are "
            + "rendered again; a started instance's apps are updated with Marathon's rolling semantics and the command "
            + "waits until the new tasks are healthy."})
final class PackageUpgradeCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE/ID", description = "The instance.")
  String target;

  @Option(names = "--to", paramLabel = "VERSION", description = "The version (stage it first); the installed one by default (a change of options).")
  String to;

  static final class OptionsMode {
    @Option(names = "--reuse-options", description = "Start from the instance's current options, the given ones on top (the default).")
    boolean reuse;

    @Option(names = "--reset-options", description = "Start from the version's defaults: only the options given now apply.")
    boolean reset;
  }

  @ArgGroup(exclusive = true)
  OptionsMode mode;

  @Mixin
  OptionsInput options;

  @Mixin
  ChangeOptions change;

  @Option(names = "--dry-run", description = "Check and print what the upgrade would change (apps and files, as unified "
      + "diffs, secret values masked), the revision and snapshot it would record; change nothing.")
  boolean dryRun;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    String[] r = Names.roleAndId(target);
    change.check(this);
    boolean reset = mode != null && mode.reset;
    try (Cluster cluster = cluster()) {
      InstanceChange.Settings settings = change.settings(this, cluster);
      UpgradeInstance.Request request = new UpgradeInstance.Request(r[0], r[1], Optional.ofNullable(to), options.read(env()),
          reset, settings);
      if (dryRun) {
        PlanOutput.print(this, new UpgradeInstance(cluster, Runtimes.of(cluster, env()), note -> { }).dryRun(request));
        return 0;
      }
      InstanceChange.Result result = audited(cluster, target, () -> new UpgradeInstance(cluster,
          Runtimes.of(cluster, env()), note -> err().println(Output.safe("zeta: note: " + note)))
          .run(request));
      change.print(this, target, result);
      return 0;
    }
  }

  /** What upgrade and rollback share on the command line. */
  static final class ChangeOptions {
    @Option(names = "--rollback-on-failure", description = "When the new tasks do not become healthy in time, "
        + "restore the previous revision (and wait for it).")
    boolean rollbackOnFailure;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
        description = "How long to wait for the new tasks to be healthy (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--force", description = "Override deployments still changing the apps (Marathon's force=true).")
    boolean force;

    @Option(names = "--history-max", paramLabel = "N",
        description = "Keep at most N revisions (and their data snapshots); older ones are pruned (default: the cluster's "
            + "`cluster set --history-max`, else " + Revisions.DEFAULT_MAX + ").")
    Integer historyMax;

    /** Checks the options before the cluster is opened. */
    void check(Subcommand command) {
      if (timeoutSeconds < 1) {
        throw command.usage("--timeout must be 1 second or more, got " + timeoutSeconds);
      }
      if (historyMax != null && historyMax < 1) {
        throw command.usage("--history-max must be 1 or more, got " + historyMax);
      }
    }

    /** The settings of this change: --history-max if given, else the cluster's limit. */
    InstanceChange.Settings settings(Subcommand command, Cluster cluster) {
      check(command);
      int max = historyMax != null ? historyMax : HistorySettings.historyMax(cluster.config());
      return new InstanceChange.Settings(rollbackOnFailure, force, Duration.ofSeconds(timeoutSeconds), max);
    }

    void print(Subcommand command, String target, InstanceChange.Result result) {
      var rev = result.revision();
      if (command.structured()) {
        var doc = io.zeta.json.Json.object();
        String[] r = Names.roleAndId(target);
        doc.put("role", r[0]);
        doc.put("id", r[1]);
        doc.put("package", rev.pkg());
        doc.put("version", rev.version());
        doc.put("revision", rev.revision());
        doc.put("action", rev.action());
        doc.put("result", rev.status());
        doc.put("description", rev.description());
        var apps = doc.putArray("apps");
        result.apps().forEach(a -> apps.addObject().put("id", a.id()).put("state", a.state().id())
            .put("tasksRunning", a.tasksRunning()).put("tasksHealthy", a.tasksHealthy()));
        command.print(doc);
        return;
      }
      command.out().println(Output.safe(target + " is at revision " + rev.revision() + ": " + rev.pkg() + " " + rev.version()
          + " (" + rev.description() + ")" + (result.deployed() ? "." : "; not started, its apps use it at the next start.")));
      for (var a : result.apps()) {
        command.out().println(Output.safe("  " + a.id() + ": " + a.state().id() + " (" + a.tasksRunning() + "/" + a.instances()
            + " tasks running" + (a.hasHealthChecks() ? ", " + a.tasksHealthy() + " healthy" : "") + ")"));
      }
    }
  }
}
