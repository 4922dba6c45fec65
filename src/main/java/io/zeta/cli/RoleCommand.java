package io.zeta.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "role", mixinStandardHelpOptions = true,
    description = "Manage roles (teams, tenants): per-role directories in each base dir, groups zeta<role><base>, env files.")
final class RoleCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
