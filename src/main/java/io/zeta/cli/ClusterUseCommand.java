package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "use", mixinStandardHelpOptions = true,
    description = {"Make a cluster the current one: a name from `zeta cluster list`, or a cluster root URI "
        + "(opened first: it must be a Zeta cluster).", "$ZETA_CLUSTER and --cluster still win over it."})
final class ClusterUseCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "NAME|URI", description = "A cluster's name or root.")
  String cluster;

  @Override
  int execute() throws Exception {
    UserConfig config = new UserConfig(env().home());
    Optional<UserConfig.Context> known = config.find(cluster);
    String name;
    String rootUri;
    if (known.isPresent()) {
      name = known.get().name();
      rootUri = known.get().root();
    } else if (cluster.contains(":") || cluster.contains("/")) {
      try (Cluster opened = Cluster.open(Clusters.toUri(env(), cluster))) {
        name = opened.name();
        rootUri = opened.config().root();
      }
    } else {
      throw new ZetaException("no cluster named " + cluster + " in " + config.file(),
          "see `zeta cluster list`, or give the cluster's root URI", null);
    }
    Optional<String> before = config.use(name, rootUri);
    String var = env().var("ZETA_CLUSTER");
    if (var != null && !var.isBlank()) {
      err().println(Output.safe("zeta: warning: ZETA_CLUSTER=" + var + " is set and wins over the current cluster"));
    }
    if (structured()) {
      var doc = result(name).put("cluster", name).put("root", rootUri).put("current", true);
      before.ifPresent(b -> doc.put("switchedFrom", b));
      print(doc);
      return 0;
    }
    out().println(Output.safe(before.map(b -> "Switched the current cluster from " + config.describe(b) + " to " + name
        + " (" + rootUri + ").")
        .orElse(name + " (" + rootUri + ") is the current cluster.")));
    return 0;
  }
}
