package io.zeta.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "registry", mixinStandardHelpOptions = true,
    description = {"The cluster's embedded image registry: Debian's docker-registry on 127.0.0.1, its blobs under "
        + "/zeta/shared/registry on the cluster's POSIX mount. Stage copies package images into it.",
        "An external registry is set with `zeta cluster set --registry URL`; Zeta does not start or stop that one."})
final class RegistryCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
