package io.zeta.scheduler.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How an embedded scheduler runs.
 *
 * @param port the API port on 127.0.0.1; 0 picks a free one
 * @param resources what tasks are admitted against (cpus, mem, disk) and the host ports handed to them
 * @param killGracePeriod SIGTERM to SIGKILL, for apps without {@code taskKillGracePeriodSeconds}
 * @param backoffResetAfter how long a task must run (healthy) before the app's launch delay resets
 * @param keptSandboxes how many sandboxes of ended tasks to keep per app, for their logs
 * @param agentEnvironment the variables tasks inherit PATH, HOME, LANG and JAVA_HOME from
 * @param sandboxPolicy archive limits and how long sandboxes of ended tasks are kept
 * @param containers how Docker apps run (podman)
 */
public record AgentConfig(Path workDir, int port, AgentResources resources, Duration killGracePeriod,
    Duration backoffResetAfter, int keptSandboxes, Map<String, String> agentEnvironment,
    SandboxPolicy sandboxPolicy, ContainerSettings containers) {

  public static AgentConfig defaults(Path workDir) {
    return new AgentConfig(workDir, 0, AgentResources.ofMachine(workDir), Duration.ofSeconds(3),
        Duration.ofSeconds(30), 5, System.getenv(), SandboxPolicy.defaults(), ContainerSettings.defaults());
  }

  public AgentConfig withContainers(ContainerSettings c) {
    return new AgentConfig(workDir, port, resources, killGracePeriod, backoffResetAfter, keptSandboxes,
        agentEnvironment, sandboxPolicy, c);
  }

  public int firstHostPort() {
    return resources.firstPort();
  }

  public int lastHostPort() {
    return resources.lastPort();
  }

  public AgentConfig withPort(int newPort) {
    return new AgentConfig(workDir, newPort, resources, killGracePeriod, backoffResetAfter, keptSandboxes,
        agentEnvironment, sandboxPolicy, containers);
  }

  public AgentConfig withHostPorts(int first, int last) {
    return withResources(resources.withPorts(first, last));
  }

  public AgentConfig withResources(AgentResources r) {
    return new AgentConfig(workDir, port, r, killGracePeriod, backoffResetAfter, keptSandboxes, agentEnvironment,
        sandboxPolicy, containers);
  }

  public AgentConfig withKillGracePeriod(Duration grace) {
    return new AgentConfig(workDir, port, resources, grace, backoffResetAfter, keptSandboxes, agentEnvironment,
        sandboxPolicy, containers);
  }

  public AgentConfig withBackoffResetAfter(Duration after) {
    return new AgentConfig(workDir, port, resources, killGracePeriod, after, keptSandboxes, agentEnvironment,
        sandboxPolicy, containers);
  }

  public AgentConfig withAgentEnvironment(Map<String, String> env) {
    return new AgentConfig(workDir, port, resources, killGracePeriod, backoffResetAfter, keptSandboxes,
        Map.copyOf(env), sandboxPolicy, containers);
  }

  public AgentConfig withSandboxPolicy(SandboxPolicy policy) {
    return new AgentConfig(workDir, port, resources, killGracePeriod, backoffResetAfter, keptSandboxes,
        agentEnvironment, policy, containers);
  }
}
