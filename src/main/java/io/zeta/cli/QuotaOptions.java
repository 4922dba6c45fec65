package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.RoleQuotas;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --space-quota} and {@code --namespace-quota} of {@code role add} and {@code role set}. */
final class QuotaOptions {
  @Option(names = "--space-quota", paramLabel = "[BASE=]SIZE",
      description = "HDFS space quota on each of the role's directories (/apps/R, /data/R, /etl/R, /zeta/R), or on one "
          + "with BASE=SIZE (repeatable): 500m, 100g, 1.5t (binary units; HDFS counts every replica), or none to clear.")
  List<String> space = new ArrayList<>();

  @Option(names = "--namespace-quota", paramLabel = "[BASE=]COUNT",
      description = "HDFS namespace quota (files and directories, the directory itself included) on each of the role's "
          + "directories, or on one with BASE=COUNT (repeatable): 10000, 500k, 1m (decimal), or none to clear.")
  List<String> namespace = new ArrayList<>();

  /** The quotas asked for; a value that does not parse is a usage error of {@code command}. */
  RoleQuotas.Request request(Subcommand command) {
    try {
      return RoleQuotas.Request.parse(space, namespace);
    } catch (ZetaException e) {
      throw command.usage(e.getMessage());
    }
  }
}
