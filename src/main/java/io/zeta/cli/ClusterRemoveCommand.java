package io.zeta.cli;

import io.zeta.ZetaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true,
    description = {"Forget a cluster in ~/.zeta/config.json (as `kubectl config delete-context`).",
        "Only your own list changes: the cluster, its tree and its instances are untouched, and "
            + "`zeta cluster use URI` brings it back."})
final class ClusterRemoveCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "NAME|URI", description = "A cluster from `zeta cluster list`.")
  String cluster;

  @Override
  int execute() {
    UserConfig config = new UserConfig(env().home());
    UserConfig.Context c = config.find(cluster).orElseThrow(() -> new ZetaException(
        "no cluster " + cluster + " in " + config.file(), "see `zeta cluster list`", null));
    boolean wasCurrent = config.currentCluster().map(c.root()::equals).orElse(false);
    config.forget(c);
    if (structured()) {
      print(result(c.name()).put("cluster", c.name()).put("root", c.root()).put("current", false));
      return 0;
    }
    out().println(Output.safe("Forgot cluster " + c.name() + " (" + c.root() + "); its tree is untouched."
        + (wasCurrent ? " No cluster is current now: `zeta cluster use NAME` picks one." : "")));
    return 0;
  }
}
