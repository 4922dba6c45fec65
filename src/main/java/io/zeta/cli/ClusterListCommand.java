package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List the clusters you have used (~/.zeta/config.json), the current one marked with *, "
        + "as `kubectl config get-contexts` does.", "-o wide also opens each one and shows its scheduler."})
final class ClusterListCommand extends Subcommand {
  @Override
  int execute() {
    UserConfig config = new UserConfig(env().home());
    Optional<String> current = Clusters.configured(env(), root().cluster);
    List<UserConfig.Context> clusters = config.clusters();
    boolean scheduler = output.wide() || structured();
    if (structured()) {
      ObjectNode doc = Json.object();
      var list = doc.putArray("clusters");
      for (UserConfig.Context c : clusters) {
        ObjectNode o = list.addObject().put("cluster", c.name()).put("root", c.root())
            .put("current", current.map(c.root()::equals).orElse(false));
        if (c.lastUsed() != null) {
          o.put("lastUsed", c.lastUsed());
        }
        o.put("scheduler", schedulerOf(c));
      }
      print(doc);
      return 0;
    }
    if (clusters.isEmpty()) {
      out().println("No clusters yet: create one with `zeta cluster init` or `zeta quickstart`.");
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (UserConfig.Context c : clusters) {
      String mark = current.map(c.root()::equals).orElse(false) ? "*" : "";
      rows.add(scheduler ? List.of(mark, c.name(), c.root(), schedulerOf(c)) : List.of(mark, c.name(), c.root()));
    }
    Output.table(out(), scheduler ? List.of("CURRENT", "NAME", "ROOT", "SCHEDULER") : List.of("CURRENT", "NAME", "ROOT"),
        rows);
    return 0;
  }

  /** The cluster's scheduler as its cluster.json says, or why it could not be read. */
  private String schedulerOf(UserConfig.Context c) {
    try (Cluster cluster = Cluster.open(Clusters.toUri(env(), c.root()))) {
      return cluster.config().scheduler();
    } catch (Exception e) {
      return "unreachable: " + e.getMessage();
    }
  }
}
