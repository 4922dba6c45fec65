package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.LockInfo;
import io.zeta.cluster.Names;
import io.zeta.json.Json;
import io.zeta.lifecycle.InstanceSecrets;
import io.zeta.lifecycle.StatusQuery;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show the state of packages (not-installed, staged, installed, running, unknown, removed) and of "
        + "instances (installed, deploying, running, degraded, failed, unknown, removed), from shared storage and the "
        + "scheduler.",
        "PKG shows one package, ROLE/ID one instance, nothing every package with any evidence on the cluster.",
        "When the scheduler cannot be reached, an instance that ever ran is unknown (with the reason), never guessed."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:every state shown is known", "1:an error (no such instance, storage unreachable...)",
        "2:bad usage", "3:some state shown is unknown: the scheduler could not be asked (the reason is printed)"})
final class PackageStatusCommand extends Subcommand {
  static final int EXIT_UNKNOWN = 3;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PKG|ROLE/ID", description = "A package or an instance.")
  String target;


  @Option(names = "--show-secrets", description = "With ROLE/ID: show secret options as they are, not as ******** "
      + "(reads the instance's secrets.json, which only its owner can).")
  boolean showSecrets;

  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      String[] roleId = target != null && target.contains("/") ? Names.roleAndId(target) : null;
      StatusQuery query = new StatusQuery(cluster, Runtimes.of(cluster, env()));
      StatusQuery.Report report = roleId != null ? reading(cluster, target, () -> query.report(roleId[0])) : query.report();
      if (roleId != null) {
        StatusQuery.InstanceStatus i = report.instance(roleId[0], roleId[1]);
        ObjectNode options = InstanceSecrets.resolvedOptions(cluster, roleId[0], roleId[1], showSecrets);
        if (structured()) {
          print(instanceJson(i).set("options", options));
        } else {
          printInstances(List.of(i));
          out().println();
          out().println(Output.safe("Options: " + Json.compact(options)));
        }
        notes(report);
        return i.state().equals(StatusQuery.UNKNOWN) ? EXIT_UNKNOWN : 0;
      } else if (target != null) {
        io.zeta.catalog.PackageRef.parse(target);
        StatusQuery.PackageStatus p = report.pkg(target);
        if (structured()) {
          print(packageJson(p));
        } else {
          printPackages(List.of(p));
          if (!p.instances().isEmpty()) {
            out().println();
            printInstances(p.instances());
          }
        }
        notes(report);
        return p.state().equals(StatusQuery.UNKNOWN)
            || p.instances().stream().anyMatch(i -> i.state().equals(StatusQuery.UNKNOWN)) ? EXIT_UNKNOWN : 0;
      } else if (structured()) {
        ObjectNode doc = Json.object();
        var packages = doc.putArray("packages");
        report.packages().forEach(p -> packages.add(packageJson(p)));
        report.schedulerError().ifPresent(e -> doc.putObject("scheduler").put("reachable", false).put("message", e));
        print(doc);
      } else {
        if (report.packages().isEmpty()) {
          out().println("Nothing is staged or installed on cluster " + cluster.name() + ".");
        } else {
          printPackages(report.packages());
        }
      }
      notes(report);
      return report.instances().stream().anyMatch(i -> i.state().equals(StatusQuery.UNKNOWN)) ? EXIT_UNKNOWN : 0;
    }
  }

  private void notes(StatusQuery.Report report) {
    report.schedulerError().ifPresent(e -> err().println(
        "zeta: warning: the scheduler was unreachable (" + e + "); instances that ever ran are shown as unknown"));
    for (LockInfo l : report.pending()) {
      err().println(Output.safe("zeta: note: in progress: " + l.name() + " — " + l.describe()));
    }
  }

  private void printPackages(List<StatusQuery.PackageStatus> packages) {
    List<List<String>> rows = new ArrayList<>();
    for (StatusQuery.PackageStatus p : packages) {
      rows.add(List.of(p.pkg(), p.state(), p.staged().isEmpty() ? "-" : String.join(", ", p.staged()),
          String.valueOf(p.instances().size())));
    }
    Output.table(out(), List.of("PACKAGE", "STATE", "STAGED", "INSTANCES"), rows);
  }

  void printInstances(List<StatusQuery.InstanceStatus> instances) {
    PackageListCommand.table(out(), instances, output.wide());
  }

  static ObjectNode packageJson(StatusQuery.PackageStatus p) {
    ObjectNode o = Json.object();
    o.put("package", p.pkg());
    o.put("state", p.state());
    o.set("staged", Json.tree(p.staged()));
    var list = o.putArray("instances");
    p.instances().forEach(i -> list.add(instanceJson(i)));
    return o;
  }

  static ObjectNode instanceJson(StatusQuery.InstanceStatus i) {
    ObjectNode o = Json.object();
    o.put("role", i.role());
    o.put("id", i.id());
    o.put("package", i.pkg());
    o.put("version", i.version());
    o.put("baseDir", i.dir());
    o.put("home", i.home());
    o.put("state", i.state());
    if (i.reason() != null) {
      o.put("reason", i.reason());
    }
    return o;
  }
}
