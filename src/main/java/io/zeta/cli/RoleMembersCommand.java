package io.zeta.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "members", mixinStandardHelpOptions = true,
    description = "Add directory users to a role or take them out: membership of all four groups zeta<role>{apps,data,etl,zeta}.")
final class RoleMembersCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

}
