package io.zeta.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "agent", mixinStandardHelpOptions = true,
    description = {"Run Zeta's embedded scheduler: Marathon's REST API on 127.0.0.1, with apps run as local "
        + "processes.", "Its apps survive a restart of the agent; their processes do not."})
final class AgentCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
