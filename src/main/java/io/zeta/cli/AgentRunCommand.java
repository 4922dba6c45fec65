package io.zeta.cli;

import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.embedded.AgentRecord;
import io.zeta.scheduler.embedded.ApiSettings;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the agent in the foreground until it is stopped (Ctrl-C, SIGTERM or `zeta agent stop`).",
        "Its tasks stop with it; its apps start again with the next agent of the same work directory."})
final class AgentRunCommand extends Subcommand {
  @Mixin
  AgentOptions options;

  @Mixin
  AgentLaunchOptions launch;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "The API port on 127.0.0.1; 0 (the default) picks a free one.")
  int port;

  @Option(names = "--no-auth", description = "Serve the API without a token: any local user or process (and any "
      + "web page that guesses the port) can then run commands as you. Only for a throwaway agent.")
  boolean noAuth;

  @Override
  int execute() throws InterruptedException {
    Path workDir = options.workDir(env(), root().cluster);
    // Containers see the cluster's shared storage where its tasks and rendered configs expect it.
    options.clusterMount(env(), root().cluster).filter(m -> !launch.sharedPaths.contains(m))
        .ifPresent(launch.sharedPaths::add);
    if (noAuth) {
      err().println(AgentStartCommand.NO_AUTH_WARNING);
      err().flush();
    }
    EmbeddedScheduler agent = EmbeddedScheduler.start(launch.apply(AgentConfig.defaults(workDir), workDir)
        .withPort(port), ApiSettings.defaults().withAuth(!noAuth));
    AgentRecord record = AgentRecord.ofCurrentProcess(agent);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      AgentLocator.remove(workDir, record.pid());
    }, "zeta-agent-shutdown"));
    AgentLocator.write(workDir, record);
    if (structured()) {
      print(result(workDir.toString()).put("running", true).put("url", agent.url().toString()).put("pid", record.pid())
          .put("workDir", workDir.toString()));
    } else {
      out().println("agent running at " + agent.url() + " (pid " + record.pid() + ", work directory " + workDir + ")");
    }
    out().flush();
    agent.awaitClose();
    return 0;
  }
}
