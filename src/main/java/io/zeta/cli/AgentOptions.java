package io.zeta.cli;

import io.zeta.scheduler.embedded.AgentLocator;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The option every agent command shares: which agent, by its work directory. */
final class AgentOptions {
  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "The agent's work directory (apps, sandboxes, agent.json, agent.log); default $ZETA_HOME/agent.")
  String workDir;

  Path workDir(ZetaEnv env) {
    return workDir == null ? AgentLocator.defaultWorkDir(env.home()) : env.path(workDir);
  }
}
