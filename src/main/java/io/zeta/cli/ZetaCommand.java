package io.zeta.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "zeta", mixinStandardHelpOptions = true, versionProvider = BuildInfo.Provider.class,
    description = "A package manager for clusters that share one filesystem.")
final class ZetaCommand implements Runnable {
  private final ZetaEnv env;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  boolean debug;

  @Option(names = "--cluster", scope = ScopeType.INHERIT, paramLabel = "URI",
      description = "The cluster to act on (default: $ZETA_CLUSTER, else the current cluster of ~/.zeta/config.json).")
  String cluster;

  @Option(names = "--as", scope = ScopeType.INHERIT, paramLabel = "USER",
      description = "Act as USER, with USER's rights (cluster admins only, like kubectl --as; the audit log names both: "
          + "\"root as alice\").")
  String as;

  ZetaCommand(ZetaEnv env) {
    this.env = env;
  }

  ZetaEnv env() {
    return env;
  }

  boolean debug() {
    return debug;
  }

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(env.out());
  }
}
