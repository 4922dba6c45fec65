package io.zeta.cli;

import picocli.CommandLine.Command;

@Command(name = "version", mixinStandardHelpOptions = true,
    description = "Print Zeta's version, the git commit it was built from and when it was built.")
final class VersionCommand extends Subcommand {
  @Override
  int execute() {
    BuildInfo info = BuildInfo.current();
    if (structured()) {
      print(io.zeta.json.Json.object().put("version", info.version()).put("commit", info.commit())
          .put("buildTime", info.buildTime()).put("java", System.getProperty("java.version")));
    } else {
      out().println(info.line());
    }
    return 0;
  }
}
