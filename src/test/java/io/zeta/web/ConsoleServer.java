package io.zeta.web;

import io.zeta.cluster.Cluster;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.lifecycle.ArtifactFetcher;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.server.Authentication;
import io.zeta.server.CosmosServer;
import io.zeta.server.MarathonProxy;
import io.zeta.server.Packages;
import io.zeta.server.ServedCluster;
import io.zeta.server.ServedInstances;
import io.zeta.server.ServerAudit;
import io.zeta.testing.TestAgents;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code zeta serve} with its web console over a test's cluster and embedded agent, put together as
 * {@code ServeCommand} does: the instance endpoints, the console's actions, and the scheduler (the
 * agent, with its token) behind {@code /service/marathon} and the console's event stream.
 */
final class ConsoleServer {
  private ConsoleServer() {}

  /**
   * @param principals who a request is (the local admin for a token-only server, the request's
   *     principal where a directory is configured)
   * @param cache the served catalog's cache directory
   * @param agentWorkDir where the agent keeps task output, for the console's logs
   */
  static CosmosServer start(HttpServerConfig http, Cluster cluster, EmbeddedScheduler agent, Authentication auth,
      ServedInstances.Principals principals, ServerAudit audit, RequestLog log, Path cache, Path agentWorkDir)
      throws IOException {
    MarathonClient client = TestAgents.client(agent);
    ServedInstances instances = new ServedInstances(cluster, principals, () -> AppRuntime.of(client),
        c -> new ArtifactFetcher(new Configuration()));
    Packages packages = new Packages(cluster.repositories(), cache, Duration.ofMinutes(1));
    WebConsole console = new WebConsole(packages, Optional.of(cluster), auth, false, false, Optional.of(
        new WebConsole.Services(() -> AppRuntime.of(client), c -> new ArtifactFetcher(new Configuration()),
            Optional.of(agentWorkDir))));
    return CosmosServer.start(http, packages, cache, ServedCluster.of(cluster.name(), cluster.config().root()),
        Optional.of(cluster.audit()), auth, audit,
        Optional.<MarathonProxy.Upstream>of(() -> new MarathonProxy.Target(agent.url(), agent.token())),
        Optional.of(instances), log, console.resources(), console::authenticator);
  }
}
