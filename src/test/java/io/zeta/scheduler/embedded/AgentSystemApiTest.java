package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.TestAgents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's own Marathon resources over real HTTP: {@code /v2/info} (exactly Marathon's keys,
 * readable by marathon-python), {@code /v2/leader}, {@code /ping}, {@code /metrics}, and the
 * answers of a Marathon without pods and without HTTP callbacks.
 */
class AgentSystemApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");
  @TempDir
  static Path work;
  static EmbeddedScheduler agent;

  @BeforeAll
  static void startAgent() {
    agent = EmbeddedScheduler.start(AgentConfig.defaults(work).withResources(TestAgents.AMPLE));
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  static HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(agent.url() + path)).method(method,
        HttpRequest.BodyPublishers.noBody()).header("Authorization", "token=" + agent.token().orElseThrow())
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String method, String path, int status) throws Exception {
    HttpResponse<String> r = send(method, path);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(
        "application/json"));
    return Json.parse(r.body(), path);
  }

  @Test
  void infoHasExactlyMarathonsTopLevelKeys() throws Exception {
    JsonNode info = json("GET", "/v2/info", 200);
    List<String> keys = new ArrayList<>();
    info.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrder("name", "version", "buildref", "elected", "leader", "frameworkId",
        "marathon_config", "zookeeper_config", "http_config", "event_subscriber");
    assertThat(info.get("elected").asBoolean()).isTrue();
    assertThat(info.get("leader").asText()).isEqualTo("127.0.0.1:" + agent.port());
    assertThat(info.get("http_config").get("http_port").asInt()).isEqualTo(agent.port());
    assertThat(info.get("marathon_config").get("ha").asBoolean()).isFalse();
    assertThat(info.get("event_subscriber").isNull()).isTrue();
  }

  @Test
  void leaderAndPing() throws Exception {
    assertThat(json("GET", "/v2/leader", 200).get("leader").asText()).isEqualTo("127.0.0.1:" + agent.port());
    // A lone non-HA Marathon abdicates and is elected again: the same leader answers afterwards.
    assertThat(json("DELETE", "/v2/leader", 200).get("message").asText()).isEqualTo("Leadership abdicated");
    assertThat(json("GET", "/v2/leader", 200).get("leader").asText()).isEqualTo("127.0.0.1:" + agent.port());
    HttpResponse<String> ping = send("GET", "/ping");
    assertThat(ping.body()).isEqualTo("pong");
    assertThat(ping.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(
        "text/plain"));
  }

  @Test
  void metricsInDropwizardsShapeWithRealCounts() throws Exception {
    for (int i = 0; i < 3; i++) {
      send("GET", "/ping");
    }
    JsonNode m = json("GET", "/metrics", 200);
    assertThat(m.has("version")).isTrue();
    for (String section : List.of("gauges", "counters", "histograms", "meters", "timers")) {
      assertThat(m.get(section).isObject()).as(section).isTrue();
    }
    JsonNode requests = m.get("timers").get("org.eclipse.jetty.servlet.ServletContextHandler.requests");
    assertThat(requests.get("count").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(requests.get("duration_units").asText()).isEqualTo("seconds");
    assertThat(requests.has("p99")).isTrue();
    assertThat(m.get("meters").get("org.eclipse.jetty.servlet.ServletContextHandler.2xx-responses").get("count")
        .asLong()).isGreaterThanOrEqualTo(3);
    assertThat(m.get("gauges").get("service.mesosphere.marathon.app.count").get("value").asInt()).isZero();
    assertThat(m.get("gauges").get("service.mesosphere.marathon.uptime").get("value").asLong()).isPositive();
  }

  @Test
  void noPodsAndNoCallbackSubscriptionsAsMarathonWithoutThem() throws Exception {
    for (String method : List.of("GET", "HEAD", "POST", "DELETE")) {
      assertThat(send(method, "/v2/pods").statusCode()).as(method).isEqualTo(404);
    }
    assertThat(send("GET", "/v2/pods/some/pod::status").statusCode()).isEqualTo(404);
    JsonNode sub = json("POST", "/v2/eventSubscriptions?callbackUrl=http://127.0.0.1:1/cb", 400);
    assertThat(sub.get("message").asText()).isEqualTo("http event callback system is not running on this Marathon "
        + "instance. Please re-start this instance with \"--event_subscriber http_callback\".");
    assertThat(json("GET", "/v2/eventSubscriptions", 400).get("message").asText()).contains("http_callback");
  }

  @Test
  void unknownPathsAndMethodsAsJersey() throws Exception {
    assertThat(json("GET", "/v2/nothing", 404).get("message").asText()).isEqualTo("HTTP 404 Not Found");
    HttpResponse<String> r = send("PATCH", "/v2/info");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).contains("GET");
  }

  /** marathon-python (Debian's python3-marathon) builds objects from these answers and fails on unknown keys. */
  @Test
  void marathonPythonReadsInfoLeaderPingAndTheEventStream() throws Exception {
    assumeThat(Files.isExecutable(SYSTEM_PYTHON)).as("no /usr/bin/python3").isTrue();
    Process probe = new ProcessBuilder(SYSTEM_PYTHON.toString(), "-c", "import marathon").redirectErrorStream(true)
        .start();
    assumeThat(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0)
        .as("python3-marathon is not installed (apt-get install python3-marathon)").isTrue();
    String script = String.join("\n",
        "import sys",
        "from marathon import MarathonClient",
        "from marathon.models.events import MarathonEventStreamAttached",
        "c = MarathonClient(sys.argv[1], auth_token=sys.argv[2])",
        "i = c.get_info()",
        "print('info', i.name, i.leader, i.http_config.http_port, i.marathon_config.ha)",
        "print('leader', c.get_leader()['leader'])",
        "print('ping', c.ping().decode())",
        "print('metrics', 'timers' in c.get_metrics())",
        "# Its event stream sends no token header, only HTTP Basic: the token goes as the password.",
        "b = MarathonClient(sys.argv[1], username='zeta', password=sys.argv[2])",
        "print('basic', b.get_leader()['leader'])",
        "for e in b.event_stream(event_types=['event_stream_attached']):",
        "    print('event', type(e).__name__, e.remote_address)",
        "    break",
        "try:",
        "    MarathonClient(sys.argv[1]).get_info()",
        "    print('no token: accepted')",
        "except Exception as e:",
        "    print('no token:', e.status_code)");
    Process p = new ProcessBuilder(SYSTEM_PYTHON.toString(), "-c", script, agent.url().toString(),
        agent.token().orElseThrow()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    String port = String.valueOf(agent.port());
    assertThat(out.lines().toList()).contains(
        "info zeta-agent 127.0.0.1:" + port + " " + port + " False",
        "leader 127.0.0.1:" + port,
        "basic 127.0.0.1:" + port,
        "ping pong",
        "metrics True",
        "event MarathonEventStreamAttached 127.0.0.1",
        "no token: 401");
  }
}
