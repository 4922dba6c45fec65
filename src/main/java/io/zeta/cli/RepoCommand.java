package io.zeta.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "repo", mixinStandardHelpOptions = true,
    description = "Manage package repositories (kept in the cluster once one exists, in ~/.zeta before).")
final class RepoCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
