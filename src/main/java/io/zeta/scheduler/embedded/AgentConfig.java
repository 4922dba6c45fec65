package io.zeta.scheduler.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How an embedded scheduler runs.
 *
 * @param port the API port on 127.0.0.1; 0 picks a free one
 * @param firstHostPort first of the host ports handed to tasks
 * @param lastHostPort last of them
 * @param killGracePeriod SIGTERM to SIGKILL, for apps without {@code taskKillGracePeriodSeconds}
 * @param backoffResetAfter how long a task must run (healthy) before the app's launch delay resets
 * @param keptSandboxes how many sandboxes of ended tasks to keep per app, for their logs
 * @param agentEnvironment the variables tasks inherit PATH, HOME, LANG and JAVA_HOME from
 */
public record AgentConfig(Path workDir, int port, int firstHostPort, int lastHostPort, Duration killGracePeriod,
    Duration backoffResetAfter, int keptSandboxes, Map<String, String> agentEnvironment) {

  public static AgentConfig defaults(Path workDir) {
    return new AgentConfig(workDir, 0, 31000, 32000, Duration.ofSeconds(3), Duration.ofSeconds(30), 5,
        System.getenv());
  }

  public AgentConfig withPort(int newPort) {
    return new AgentConfig(workDir, newPort, firstHostPort, lastHostPort, killGracePeriod, backoffResetAfter,
        keptSandboxes, agentEnvironment);
  }

  public AgentConfig withHostPorts(int first, int last) {
    return new AgentConfig(workDir, port, first, last, killGracePeriod, backoffResetAfter, keptSandboxes,
        agentEnvironment);
  }

  public AgentConfig withKillGracePeriod(Duration grace) {
    return new AgentConfig(workDir, port, firstHostPort, lastHostPort, grace, backoffResetAfter, keptSandboxes,
        agentEnvironment);
  }

  public AgentConfig withBackoffResetAfter(Duration after) {
    return new AgentConfig(workDir, port, firstHostPort, lastHostPort, killGracePeriod, after, keptSandboxes,
        agentEnvironment);
  }

  public AgentConfig withAgentEnvironment(Map<String, String> env) {
    return new AgentConfig(workDir, port, firstHostPort, lastHostPort, killGracePeriod, backoffResetAfter,
        keptSandboxes, Map.copyOf(env));
  }
}
