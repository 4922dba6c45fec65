package io.zeta.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "package", mixinStandardHelpOptions = true,
    description = "Find, render, stage, install and run packages.",
    subcommands = {RepoCommand.class, PackageSearchCommand.class, PackageDescribeCommand.class,
        PackageListVersionsCommand.class, PackageRenderCommand.class, PackageStageCommand.class,
        PackageStageCommand.Unstage.class, PackageInstallCommand.class, PackageInstallCommand.Uninstall.class,
        PackageStatusCommand.class, PackageListCommand.class, PackageRunCommands.Start.class,
        PackageRunCommands.Stop.class, PackageRunCommands.Restart.class, PackageRunCommands.Scale.class,
        PackageLogsCommand.class})
final class PackageCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
