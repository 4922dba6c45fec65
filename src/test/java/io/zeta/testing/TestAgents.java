package io.zeta.testing;

import io.zeta.scheduler.ClientSettings;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.RetryPolicy;
import io.zeta.json.Json;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.embedded.AgentRecord;
import io.zeta.scheduler.embedded.AgentResources;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import java.nio.file.Path;
import java.time.Duration;

/** For tests that run an embedded agent in their own JVM and talk to it over real HTTP. */
public final class TestAgents {
  private TestAgents() {}

  /** Far more than any test app asks for, so admission never depends on the machine's size. */
  public static final AgentResources AMPLE = new AgentResources(64, 65536, 65536, 31000, 32000);

  /** A client with the agent's token that fails at once (no retries) and polls fast. */
  public static MarathonClient client(EmbeddedScheduler agent) {
    return new MarathonClient(agent.url(), ClientSettings.defaults().withToken(agent.token().orElseThrow())
        .withRetry(RetryPolicy.once()).withPollInterval(Duration.ofMillis(50)));
  }

  /**
   * An agent in this JVM that the CLI of {@code cli} finds as its current cluster's local scheduler
   * (in the work directory {@code zeta agent status} names, with the record {@code agent start}
   * writes), without the start-up of a background JVM. Closing it stops its tasks and removes
   * the record, as {@code zeta agent stop} would.
   */
  public static LocalAgent forCli(Cli cli) {
    Path workDir = Path.of(Json.parse(cli.run("agent", "status", "--json").out(), "agent status")
        .get("workDir").asText());
    EmbeddedScheduler agent = EmbeddedScheduler.start(AgentConfig.defaults(workDir).withResources(AMPLE));
    AgentRecord record = AgentRecord.ofCurrentProcess(agent);
    AgentLocator.write(workDir, record);
    return new LocalAgent(agent, workDir, record.pid());
  }

  /** See {@link #forCli}. */
  public record LocalAgent(EmbeddedScheduler agent, Path workDir, long pid) implements AutoCloseable {
    public MarathonClient client() {
      return TestAgents.client(agent);
    }

    @Override
    public void close() {
      agent.close();
      AgentLocator.remove(workDir, pid);
    }
  }
}
