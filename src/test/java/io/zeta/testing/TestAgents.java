package io.zeta.testing;

import io.zeta.scheduler.ClientSettings;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.RetryPolicy;
import io.zeta.scheduler.embedded.AgentResources;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
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
}
