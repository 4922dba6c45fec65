package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a running agent writes to {@code agent.json} in its work directory, so that other commands
 * can find it. The process start time tells the agent from a process that reuses its pid later.
 */
public record AgentRecord(@JsonProperty("pid") long pid, @JsonProperty("processStartedAt") long processStartedAt,
    @JsonProperty("port") int port, @JsonProperty("url") String url, @JsonProperty("startedAt") String startedAt) {

  /** The record of an agent that runs in this process. */
  public static AgentRecord ofCurrentProcess(EmbeddedScheduler agent) {
    ProcessHandle self = ProcessHandle.current();
    return new AgentRecord(self.pid(), self.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L),
        agent.port(), agent.url().toString(), MarathonTime.now());
  }
}
