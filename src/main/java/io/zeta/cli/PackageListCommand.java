package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.json.Json;
import io.zeta.lifecycle.StatusQuery;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List instances, with their state.")
final class PackageListCommand extends Subcommand {
  @Option(names = {"-r", "--role"}, description = "Only this role's instances.")
  String role;


  @Override
  int execute() throws Exception {
    if (role != null) {
      Names.role(role);
    }
    try (Cluster cluster = cluster()) {
      StatusQuery query = new StatusQuery(cluster, Runtimes.of(cluster, env()));
      StatusQuery.Report report = role != null ? reading(cluster, role + "/", () -> query.report(role)) : query.report();
      List<StatusQuery.InstanceStatus> instances = report.instances().stream()
          .filter(i -> role == null || i.role().equals(role)).toList();
      if (structured()) {
        ObjectNode doc = Json.object();
        var list = doc.putArray("instances");
        instances.forEach(i -> list.add(PackageStatusCommand.instanceJson(i)));
        report.schedulerError().ifPresent(e -> doc.putObject("scheduler").put("reachable", false).put("message", e));
        print(doc);
      } else if (instances.isEmpty()) {
        out().println("No instances" + (role == null ? "." : " in role " + role + "."));
      } else {
        table(out(), instances, output.wide());
      }
      report.schedulerError().ifPresent(e -> err().println(
          "zeta: warning: the scheduler was unreachable (" + e + "); instances that ever ran are shown as unknown"));
      return 0;
    }
  }

  static void table(PrintWriter out, List<StatusQuery.InstanceStatus> instances) {
    table(out, instances, false);
  }

  /** The instances table; wide adds the base dir. */
  static void table(PrintWriter out, List<StatusQuery.InstanceStatus> instances, boolean wide) {
    List<List<String>> rows = new ArrayList<>();
    for (StatusQuery.InstanceStatus i : instances) {
      rows.add(wide ? List.of(i.role() + "/" + i.id(), i.pkg(), i.version(), i.state(), i.dir(), i.home())
          : List.of(i.role() + "/" + i.id(), i.pkg(), i.version(), i.state(), i.home()));
    }
    Output.table(out, wide ? List.of("INSTANCE", "PACKAGE", "VERSION", "STATE", "BASE DIR", "HOME")
        : List.of("INSTANCE", "PACKAGE", "VERSION", "STATE", "HOME"), rows);
  }
}
