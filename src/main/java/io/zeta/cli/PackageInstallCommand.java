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

  @Option(names = {"-r", "--role"}, required = true, description = "Role to install into.")
  String role;

  @Option(names = "--id", required = true, description = "Instance id: lowercase letters, digits and '-'; unique in the role.")
  String id;

  @Option(names = "--dir", paramLabel = "BASE", description = "Base dir: apps, data, etl or zeta (default: the package's recommendation).")
  String dir;

  @Option(names = "--stage", description = "Stage the version first if it is not staged (from the repositories).")
  boolean stage;

  @Option(names = "--mirror", paramLabel = "DIR|URL", description = "With --stage: fetch artifacts from this mirror.")
  String mirror;


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
        PlanOutput.print(this, installer(cluster).dryRun(request()));
        return 0;
      }
      InstanceRecord record = audited(cluster, role + "/" + id, () -> installer(cluster).run(request()));
      PackageNotes notes = PackageNotes.of(cluster, record.pkg(), Optional.of(record.version()));
      if (structured()) {
        var doc = instanceJson(result(record.role() + "/" + record.id()), record);
        notes.putInto(doc, "preInstallNotes", "postInstallNotes");
        print(doc);
      } else {
        // The install asks nothing, so the notes come once it has passed its checks: a refused
        // install prints only its error.
        notes.print(out(), "preInstallNotes");
        out().println("Installed " + record.pkg() + " " + record.version() + " as " + record.role() + "/" + record.id()
            + " in " + record.home() + " (app " + String.join(", ", record.appIds()) + ", not started).");
        notes.print(out(), "postInstallNotes");
      }
      return 0;
    }
  }

  /** An instance record in the CLI's vocabulary (package, baseDir, apps); options without the secret ones. */
  static com.fasterxml.jackson.databind.node.ObjectNode instanceJson(com.fasterxml.jackson.databind.node.ObjectNode o,
      InstanceRecord r) {
    o.put("role", r.role());
    o.put("id", r.id());
    o.put("package", r.pkg());
    o.put("version", r.version());
    o.put("releaseVersion", r.releaseVersion());
    o.put("baseDir", r.baseDir());
    o.put("home", r.home());
    o.set("apps", io.zeta.json.Json.tree(r.appIds()));
    o.put("state", r.state());
    o.put("installedAt", r.installedAt());
    o.put("installedBy", r.installedBy());
    o.set("options", r.resolvedOptions() == null ? io.zeta.json.Json.object() : r.resolvedOptions().deepCopy());
    o.set("userOptions", r.userOptions() == null ? io.zeta.json.Json.object() : r.userOptions().deepCopy());
    o.set("secretOptions", io.zeta.json.Json.tree(r.secretOptions()));
    o.set("persistentDirs", io.zeta.json.Json.tree(r.persistentDirs()));
    o.set("configFiles", io.zeta.json.Json.tree(r.configFiles()));
    return o;
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

    @Option(names = "--purge", description = "Also delete the instance home with its data (asks first; -y to confirm).")
    boolean purge;

    @Option(names = "--dry-run", description = "Check everything and print what the uninstall would destroy on the "
        + "scheduler and delete or keep on storage; change nothing. Not audited.")
    boolean dryRun;

    @Mixin
    YesOption yes;

    @Mixin
    WaitOption waitOption;

    @Override
    int execute() throws Exception {
      String[] roleId = io.zeta.cluster.Names.roleAndId(target);
      try (Cluster cluster = cluster()) {
        if (dryRun) {
          PlanOutput.print(this, new io.zeta.lifecycle.UninstallInstance(cluster, Runtimes.of(cluster, env()))
              .dryRun(roleId[0], roleId[1], purge));
          return 0;
        }
        if (purge) {
          // Who may is asked before the question: a refused user is not asked to confirm.
          reading(cluster, target, () -> {
            cluster.access().require(io.zeta.cluster.Access.Action.UNINSTALL, roleId[0]);
            return null;
          });
          String home = cluster.index().instance(roleId[0], roleId[1]).map(e -> " (" + e.home() + ")").orElse("");
          confirm("Uninstall " + target + " and delete its home with all its data" + home + "?", yes.yes);
        }
        var result = audited(cluster, target, () -> new io.zeta.lifecycle.UninstallInstance(cluster,
            Runtimes.of(cluster, env())).run(roleId[0], roleId[1], purge));
        PackageNotes notes = PackageNotes.of(cluster, result.entry().pkg(), Optional.of(result.entry().version()));
        if (structured()) {
          var doc = result(target).put("role", roleId[0]).put("id", roleId[1]).put("home", result.entry().home())
              .put("purged", purge);
          notes.putInto(doc, "postUninstallNotes");
          print(doc);
          return 0;
        }
        out().println("Uninstalled " + target + (purge ? "; its home " + result.entry().home() + " was deleted."
            : "; its data is kept in " + result.entry().home() + "."));
        notes.print(out(), "postUninstallNotes");
        return 0;
      }
    }
  }
}
