package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.json.Json;
import io.zeta.scheduler.DeploymentStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "deployments", mixinStandardHelpOptions = true,
    description = {"List the deployments in progress on the cluster's scheduler (Marathon or the agent): id, the apps "
        + "they change, their step and current actions.",
        "A start, scale or stop of an app a deployment changes waits for it; --force on those commands overrides it."})
final class PackageDeploymentsCommand extends Subcommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "ROLE/ID", description = "Only the deployments of this instance.")
  String target;

  @Override
  int execute() throws Exception {
    String prefix = null;
    if (target != null) {
      String[] r = Names.roleAndId(target);
      prefix = "/" + r[0] + "/" + r[1];
    }
    try (Cluster cluster = cluster()) {
      List<DeploymentStatus> all = Runtimes.of(cluster, env()).client().deployments();
      List<DeploymentStatus> shown = new ArrayList<>();
      for (DeploymentStatus d : all) {
        String p = prefix;
        if (p == null || d.affectedApps().stream().anyMatch(a -> a.equals(p) || a.startsWith(p + "/"))) {
          shown.add(d);
        }
      }
      if (structured()) {
        ObjectNode doc = Json.object();
        var list = doc.putArray("deployments");
        shown.forEach(d -> list.add(deploymentJson(d)));
        print(doc);
      } else if (shown.isEmpty()) {
        out().println("No deployment in progress" + (target == null ? "." : " for " + target + "."));
      } else {
        table(out(), shown);
      }
      return 0;
    }
  }

  static ObjectNode deploymentJson(DeploymentStatus d) {
    ObjectNode o = Json.object();
    o.put("id", d.id());
    o.put("version", d.version());
    o.set("apps", Json.tree(d.affectedApps()));
    o.put("currentStep", d.currentStep());
    o.put("totalSteps", d.totalSteps());
    o.set("currentActions", Json.tree(d.currentActions()));
    return o;
  }

  static void table(PrintWriter out, List<DeploymentStatus> deployments) {
    List<List<String>> rows = new ArrayList<>();
    for (DeploymentStatus d : deployments) {
      rows.add(List.of(d.id(), String.join(", ", d.affectedApps()), d.currentStep() + "/" + d.totalSteps(),
          InstanceDescription.actions(d), d.version() == null ? "-" : d.version()));
    }
    Output.table(out, List.of("DEPLOYMENT", "APPS", "STEP", "ACTIONS", "VERSION"), rows);
  }
}
