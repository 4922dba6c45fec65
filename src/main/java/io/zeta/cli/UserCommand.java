package io.zeta.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "user", mixinStandardHelpOptions = true,
    description = {"Manage people in the cluster's directory: create them in a role, list, show, remove.",
        "Needs a directory (zeta cluster set --ldap ...). Existing directory users join roles with `zeta role members add`."})
final class UserCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
