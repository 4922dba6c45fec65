package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppState;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.RawHttp;
import io.zeta.scheduler.embedded.Poll;
import io.zeta.testing.Cli;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Admission by the agent's declared resources, with a real background agent and real processes. */
class AgentResourcesTest extends BackgroundAgentSuite {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static String app(String id, double cpus, double mem, String marker) {
    return "{\"id\":\"" + id + "\",\"cmd\":\"exec sleep " + marker + "\",\"cpus\":" + cpus + ",\"mem\":" + mem
        + ",\"instances\":1}";
  }

  private JsonNode queue(MarathonClient client, String query) throws Exception {
    HttpResponse<String> r = RawHttp.send(AgentProcesses.token(workDir()), "GET", client.url() + "/v2/queue" + query, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body(), "queue");
  }

  private static Optional<JsonNode> queued(JsonNode queue, String appId) {
    for (JsonNode e : queue.get("queue")) {
      if (e.path("app").path("id").asText().equals(appId)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static long declined(JsonNode entry, String reason) {
    for (JsonNode r : entry.path("processedOffersSummary").path("rejectSummaryLastOffers")) {
      if (r.path("reason").asText().equals(reason)) {
        return r.path("declined").asLong();
      }
    }
    throw new AssertionError("no reason " + reason + " in " + entry);
  }

  @Test
  void aTaskThatDoesNotFitWaitsInTheQueueUntilResourcesFreeUp() throws Exception {
    Cli cli = new Cli(home);
    cli.ok("agent", "start", "--resources", "cpus:2;mem:1024");
    MarathonClient client = AgentProcesses.client(cli, workDir());
    JsonNode offered = client.metrics().path("gauges").path("zeta.agent.resources").path("value").path("total");
    assertThat(offered.path("cpus").asDouble()).isEqualTo(2.0);
    assertThat(offered.path("mem").asDouble()).isEqualTo(1024.0);

    String a = client.createApp(Json.parseObject(app("/res/a", 1, 128, "3901"), "a"));
    String b = client.createApp(Json.parseObject(app("/res/b", 1, 128, "3902"), "b"));
    client.awaitDeployment(a, WAIT);
    client.awaitDeployment(b, WAIT);
    String c = client.createApp(Json.parseObject(app("/res/c", 1, 128, "3903"), "c"));

    JsonNode entry = Poll.await(WAIT, "/res/c declined for cpus", () -> {
      try {
        return queued(queue(client, "?embed=lastUnusedOffers"), "/res/c").filter(e -> declined(e,
            "InsufficientCpus") > 0);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertThat(entry.get("count").asInt()).isEqualTo(1);
    assertThat(entry.path("delay").has("timeLeftSeconds")).isTrue();
    assertThat(entry.path("delay").has("overdue")).isTrue();
    assertThat(entry.get("since").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(declined(entry, "InsufficientMemory")).isZero();
    assertThat(entry.path("processedOffersSummary").path("unusedOffersCount").asLong()).isPositive();
    assertThat(entry.path("lastUnusedOffers").get(0).path("reason").toString()).contains("InsufficientCpus");
    assertThat(queued(queue(client, ""), "/res/a")).isEmpty();
    // The deployment of the waiting app stays in progress, and only two tasks run.
    assertThat(client.deployments()).anyMatch(d -> d.id().equals(c));
    assertThat(client.app("/res/c").orElseThrow().tasksRunning()).isZero();
    assertThat(AgentProcesses.withCommandLine("sleep 390")).hasSize(2);

    // Marathon's delay reset: 204 for a queued app, 404 for one with nothing queued.
    assertThat(RawHttp.send(AgentProcesses.token(workDir()), "DELETE", client.url() + "/v2/queue/res/c/delay", null).statusCode()).isEqualTo(204);
    HttpResponse<String> notQueued = RawHttp.send(AgentProcesses.token(workDir()), "DELETE",
        client.url() + "/v2/queue/res/a/delay", null);
    assertThat(notQueued.statusCode()).isEqualTo(404);
    assertThat(notQueued.body()).contains("Application /res/a not found in tasks queue.");

    // Memory is admitted the same way.
    client.createApp(Json.parseObject(app("/res/big", 0.1, 2048, "3904"), "big"));
    Poll.until(WAIT, "/res/big declined for memory", () -> {
      try {
        return queued(queue(client, ""), "/res/big").map(e -> declined(e, "InsufficientMemory") > 0).orElse(false);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    client.destroyApp("/res/big");

    // Stopping one frees a cpu: the waiting task launches and its deployment ends.
    client.destroyApp("/res/a");
    client.awaitDeployment(c, WAIT);
    assertThat(client.app("/res/c").orElseThrow().state()).isEqualTo(AppState.RUNNING);
    assertThat(queued(queue(client, ""), "/res/c")).isEmpty();
    Poll.until(WAIT, "two sleep tasks", () -> AgentProcesses.withCommandLine("sleep 390").size() == 2);
    assertThat(AgentProcesses.withCommandLine("sleep 3903")).hasSize(1);
    cli.ok("agent", "stop");
  }

  @Test
  void badResourcesAreRefusedBeforeAnAgentStarts() {
    Cli cli = new Cli(home);
    for (String bad : new String[] {"cpus:two", "gpus:1", "ports:[32000-31000]", "mem", "ports:31000"}) {
      Cli.Result r = cli.run("agent", "start", "--resources", bad);
      assertThat(r.exit()).as(r.toString()).isEqualTo(Main.EXIT_ERROR);
      assertThat(r.err()).startsWith("zeta: invalid").contains("hint: ").doesNotContain("Exception");
      assertThat(workDir().resolve("agent.json")).doesNotExist();
    }
  }
}
