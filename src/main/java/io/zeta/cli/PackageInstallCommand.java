package io.zeta.cli;

import io.zeta.catalog.PackageRef;
import io.zeta.cluster.Cluster;
import io.zeta.lifecycle.InstallInstance;
import io.zeta.lifecycle.InstanceRecord;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "install", mixinStandardHelpOptions = true,
    description = {"Install a named instance of a staged package in a role: /<dir>/<role>/<pkg>/<id>/ with instance.json, "
        + "marathon.json, rendered config files, the package's directories, and the env file "
        + "zeta/kstore/env/env_<role>/<pkg>_<id>.sh. The app is not started.",
        "Installing a removed instance again reuses its kept data."})
final class PackageInstallCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "PKG[@VERSION]", description = "Package; the newest staged release by default.")
  String pkg;

  @Option(names = "--role", required = true, description = "Role to install into.")
  String role;

  @Option(names = "--id", required = true, description = "Instance id: lowercase letters, digits and '-'; unique in the role.")
  String id;

  @Option(names = "--dir", paramLabel = "BASE", description = "Base dir: apps, data, etl or zeta (default: the package's recommendation).")
  String dir;

  @Option(names = "--stage", description = "Stage the version first if it is not staged (from the repositories).")
  boolean stage;

  @Option(names = "--mirror", paramLabel = "DIR|URL", description = "With --stage: fetch artifacts from this mirror.")
  String mirror;

  @Option(names = "--json", description = "Print the instance record (instance.json); with --dry-run, the plan.")
  boolean json;

  @Option(names = "--dry-run", description = "Check everything and print what the install would write (paths, modes, "
      + "contents with secret values masked, index entry); write nothing, stage nothing. Not audited.")
  boolean dryRun;

  @Mixin
  OptionsInput options;

  @Mixin
  MarathonVersionOption marathonVersion;

  @Mixin
  ArtifactOptions artifacts;

  @Mixin
  RepoOptions repos;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      if (dryRun) {
        PlanOutput.print(out(), installer(cluster).dryRun(request()), json);
        return 0;
      }
      InstanceRecord record = audited(cluster, role + "/" + id, () -> installer(cluster).run(request()));
      if (json) {
        Output.json(out(), record);
      } else {
        out().println("Installed " + record.pkg() + " " + record.version() + " as " + record.role() + "/" + record.id()
            + " in " + record.home() + " (app " + String.join(", ", record.appIds()) + ", not started).");
      }
      return 0;
    }
  }

  private InstallInstance installer(Cluster cluster) {
    return new InstallInstance(cluster, () -> Catalogs.open(env(), repos, root().cluster), artifacts.fetcher(env(), cluster),
        new TerminalProgress(err(), env().terminal())).marathonVersion(marathonVersion.value());
  }

  private InstallInstance.Request request() {
    return new InstallInstance.Request(PackageRef.parse(pkg), role, id, Optional.ofNullable(dir), options.read(env()), stage,
        Optional.ofNullable(mirror));
  }

  @Command(name = "uninstall", mixinStandardHelpOptions = true,
      description = {"Uninstall an instance: stop and remove its scheduler app, its configuration and env file.",
          "Its persistent data directories and instance.json (state removed) are kept unless --purge."})
  static final class Uninstall extends Subcommand {
    @Parameters(index = "0", paramLabel = "ROLE/ID", description = "The instance.")
    String target;

    @Option(names = "--purge", description = "Also delete the instance home with its data.")
    boolean purge;

    @Option(names = "--dry-run", description = "Check everything and print what the uninstall would destroy on the "
        + "scheduler and delete or keep on storage; change nothing. Not audited.")
    boolean dryRun;

    @Option(names = "--json", description = "With --dry-run: print the plan as JSON.")
    boolean json;

    @Mixin
    WaitOption waitOption;

    @Override
    int execute() throws Exception {
      String[] roleId = io.zeta.cluster.Names.roleAndId(target);
      try (Cluster cluster = cluster()) {
        if (dryRun) {
          PlanOutput.print(out(), new io.zeta.lifecycle.UninstallInstance(cluster, Runtimes.of(cluster, env()))
              .dryRun(roleId[0], roleId[1], purge), json);
          return 0;
        }
        var result = audited(cluster, target, () -> new io.zeta.lifecycle.UninstallInstance(cluster,
            Runtimes.of(cluster, env())).run(roleId[0], roleId[1], purge));
        out().println("Uninstalled " + target + (purge ? "; its home " + result.entry().home() + " was deleted."
            : "; its data is kept in " + result.entry().home() + "."));
        return 0;
      }
    }
  }
}
