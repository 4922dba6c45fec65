package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.lifecycle.InstanceChange;
import io.zeta.lifecycle.RollbackInstance;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = {"Return an instance to an earlier revision's version and options, as a new revision.",
        "By default the previous revision: the newest earlier one that was deployed and differs from the current one. "
            + "With --with-data its persistent directories are also restored from the data snapshot taken when that "
            + "revision was left (HDFS); its apps are stopped for that and started again."})
final class PackageRollbackCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE/ID", description = "The instance.")
  String target;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REVISION", description = "The revision to return to (see `zeta package history`).")
  Integer revision;

  @Option(names = "--with-data", description = "Also restore the persistent data as it was at that revision (HDFS snapshots).")
  boolean withData;

  @Mixin
  PackageUpgradeCommand.ChangeOptions change;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    String[] r = Names.roleAndId(target);
    if (revision != null && revision < 1) {
      throw usage("REVISION must be 1 or more, got " + revision);
    }
    change.check(this);
    try (Cluster cluster = cluster()) {
      InstanceChange.Settings settings = change.settings(this, cluster);
      InstanceChange.Result result = audited(cluster, target + (revision == null ? "" : " " + revision), () ->
          new RollbackInstance(cluster, Runtimes.of(cluster, env()), note -> err().println(Output.safe("zeta: note: " + note)))
              .run(r[0], r[1], Optional.ofNullable(revision), withData, settings));
      change.print(this, target, result);
      return 0;
    }
  }
}
