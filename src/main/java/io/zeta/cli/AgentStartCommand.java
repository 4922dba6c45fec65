package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.embedded.AgentRecord;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "start", mixinStandardHelpOptions = true,
    description = {"Start the agent in the background and wait until its API answers; print its URL.",
        "Does nothing (successfully) when an agent already runs for the work directory. "
            + "The agent logs to <work-dir>/agent.log.",
        "Tasks a crashed agent left running are re-adopted in the background, after the API answers "
            + "(see `zeta agent status`).",
        "It probes the container runtime (rootful podman with runc) once and says whether Docker apps can run "
            + "and, if not, why; process apps run either way.",
        "Its JVM options come from ZETA_AGENT_JAVA_OPTS (default: " + AgentStartCommand.DEFAULT_JAVA_OPTS + ")."})
final class AgentStartCommand extends Subcommand {
  static final String DEFAULT_JAVA_OPTS = "-XX:+UseSerialGC -Xms16m -Xmx256m";
  static final String NO_AUTH_WARNING = "warning: the agent API runs without authentication (--no-auth): any local "
      + "user or process can run commands as you through it";

  @Mixin
  AgentOptions options;

  @Mixin
  AgentLaunchOptions launch;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "The API port on 127.0.0.1; 0 (the default) picks a free one.")
  int port;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long to wait for the agent's API to answer (default: ${DEFAULT-VALUE}). An agent that "
          + "does not answer in time is left running.")
  int timeoutSeconds;

  @Option(names = "--no-auth", description = "Serve the API without a token: any local user or process (and any "
      + "web page that guesses the port) can then run commands as you. Only for a throwaway agent.")
  boolean noAuth;

  @Override
  int execute() throws IOException, InterruptedException {
    Path workDir = options.workDir(env(), root().cluster);
    // Containers see the cluster's shared storage where its tasks and rendered configs expect it.
    options.clusterMount(env(), root().cluster).filter(m -> !launch.sharedPaths.contains(m))
        .ifPresent(launch.sharedPaths::add);
    launch.validate(workDir);
    if (noAuth) {
      err().println(NO_AUTH_WARNING);
    }
    Started started = start(env(), workDir, port, timeoutSeconds, noAuth, launch.arguments());
    AgentRecord record = started.record();
    Optional<com.fasterxml.jackson.databind.JsonNode> containers = awaitProbe(workDir, record.pid(), timeoutSeconds);
    if (structured()) {
      com.fasterxml.jackson.databind.node.ObjectNode doc = result(workDir.toString()).put("running", true)
          .put("already", started.already()).put("url", record.url()).put("pid", record.pid())
          .put("workDir", workDir.toString()).put("log", workDir.resolve("agent.log").toString());
      containers.ifPresent(c -> doc.set("containers", c));
      print(doc);
    } else {
      if (started.already()) {
        out().println("agent already running at " + record.url() + " (pid " + record.pid() + ")");
      } else {
        out().println("agent running at " + record.url() + " (pid " + record.pid() + ", log " + workDir.resolve("agent.log") + ")");
      }
      containers.ifPresent(c -> out().println(AgentLocator.describeContainers(c)));
    }
    return 0;
  }

  /** An agent that runs: started now, or found running. */
  record Started(AgentRecord record, boolean already) {}

  /** Starts the agent of a work directory in the background, unless one runs; waits until it answers. */
  static Started start(ZetaEnv env, Path workDir, int port, int timeoutSeconds) throws IOException, InterruptedException {
    return start(env, workDir, port, timeoutSeconds, false, List.of());
  }

  /** @param agentArgs more options of `agent run` (resources, gc delay) */
  static Started start(ZetaEnv env, Path workDir, int port, int timeoutSeconds, boolean noAuth, List<String> agentArgs)
      throws IOException, InterruptedException {
    Optional<AgentRecord> running = AgentLocator.findRunning(workDir);
    if (running.isPresent()) {
      return new Started(running.get(), true);
    }
    Optional<AgentRecord> starting = AgentLocator.read(workDir).filter(r -> AgentLocator.process(r).isPresent());
    if (starting.isPresent()) {
      // Its process lives but did not answer the ping: busy, not gone. Never start a second one (it would
      // fail on the work directory's lock) and never kill it: wait for it.
      return new Started(awaitAnswer(workDir, null, workDir.resolve("agent.log"), timeoutSeconds), true);
    }
    io.zeta.scheduler.embedded.OwnerOnly.directory(workDir);
    Path log = io.zeta.scheduler.embedded.OwnerOnly.file(workDir.resolve("agent.log"));
    ProcessBuilder pb = new ProcessBuilder(command(env, workDir, port, noAuth, agentArgs))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectErrorStream(true);
    // The agent is a daemon: its log says what it does with tasks.
    pb.environment().putIfAbsent("ZETA_LOG_LEVEL", "INFO");
    Process process = pb.start();
    return new Started(awaitAnswer(workDir, process, log, timeoutSeconds), false);
  }

  /** The same Java and class path as this command, detached from the terminal's session when possible. */
  private static List<String> command(ZetaEnv env, Path workDir, int port, boolean noAuth, List<String> agentArgs) {
    List<String> cmd = new ArrayList<>();
    Path setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) {
      cmd.add(setsid.toString());
    }
    cmd.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String javaOpts = env.var("ZETA_AGENT_JAVA_OPTS");
    // A small daemon: a serial collector and a bounded heap keep it near 100 MB with 100 tasks.
    String opts = javaOpts == null ? DEFAULT_JAVA_OPTS : javaOpts;
    if (!opts.isBlank()) {
      cmd.addAll(List.of(opts.trim().split("\\s+")));
    }
    String installDir = System.getProperty("zeta.install.dir");
    if (installDir != null) {
      cmd.add("-Dzeta.install.dir=" + installDir);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of("agent", "run", "--work-dir", workDir.toString(), "--port", String.valueOf(port)));
    if (noAuth) {
      cmd.add("--no-auth");
    }
    cmd.addAll(agentArgs);
    return cmd;
  }

  /** Waits for the agent's record and its answer to GET /ping; the agent is never killed here. */
  private static AgentRecord awaitAnswer(Path workDir, Process process, Path log, int timeoutSeconds)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<AgentRecord> record = AgentLocator.findRunning(workDir);
      if (record.isPresent()) {
        return record.get();
      }
      // setsid may fork and exit 0; only a failure of our child says the agent did not come up.
      if (process != null && !process.isAlive() && process.exitValue() != 0) {
        throw new ZetaException("the agent exited with status " + process.exitValue() + ": " + tail(log),
            "see " + log, null);
      }
      Thread.sleep(100);
    }
    Optional<AgentRecord> record = AgentLocator.read(workDir);
    String waited = record.isEmpty()
        ? "for the agent to write " + workDir.resolve(AgentLocator.RECORD_FILE) + " (it does once its API listens)"
        : "for the agent (pid " + record.get().pid() + ") to answer GET " + record.get().url() + "/ping";
    throw new ZetaException("waited " + timeoutSeconds + " s " + waited + "; it was left running",
        "see " + log + "; `zeta agent status` tells when it answers, `zeta agent stop` stops it", null);
  }

  /**
   * The agent probes its container runtime once as it starts (a second or two with podman, nothing
   * without it); its outcome is worth the wait, so that the user learns now whether Docker apps can run.
   */
  private static Optional<com.fasterxml.jackson.databind.JsonNode> awaitProbe(Path workDir, long pid, int timeoutSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(Math.min(timeoutSeconds, 20)).toNanos();
    Optional<com.fasterxml.jackson.databind.JsonNode> last = Optional.empty();
    while (System.nanoTime() < deadline) {
      last = AgentLocator.containerRuntime(workDir, pid);
      if (last.isPresent() && !last.get().path("state").asText().equals("probing")) {
        return last;
      }
      Thread.sleep(50);
    }
    return last;
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "(no output)" : String.join(" / ", lines.subList(Math.max(0, lines.size() - 3),
        lines.size()));
  }
}
