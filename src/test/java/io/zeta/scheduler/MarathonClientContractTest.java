package io.zeta.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.testing.TestAgents;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Zeta relies on from Marathon's API, checked against the embedded scheduler. */
class MarathonClientContractTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir
  static Path work;
  static EmbeddedScheduler agent;
  static MarathonClient client;
  static String url;

  @BeforeAll
  static void startAgent() {
    agent = EmbeddedScheduler.start(AgentConfig.defaults(work).withKillGracePeriod(Duration.ofSeconds(1))
        .withResources(TestAgents.AMPLE));
    url = agent.url().toString();
    client = TestAgents.client(agent);
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  static ObjectNode app(String json) {
    return Json.parseObject(json, "test app");
  }

  static ObjectNode sleeper(String id) {
    return app("{\"id\":\"" + id + "\",\"cmd\":\"exec sleep 600\",\"cpus\":0.01,\"mem\":8}");
  }

  /** An app whose health check never passes: its deployment cannot finish. */
  static ObjectNode neverHealthy(String id) {
    return app("{\"id\":\"" + id + "\",\"cmd\":\"exec sleep 600\",\"healthChecks\":[{\"protocol\":\"COMMAND\","
        + "\"command\":{\"value\":\"false\"},\"gracePeriodSeconds\":600,\"intervalSeconds\":1}]}");
  }

  @Test
  void createAnswers201WithLocationAndDeploymentHeader() throws Exception {
    HttpResponse<String> r = RawHttp.send(agent.token().orElseThrow(), "POST", url + "/v2/apps", Json.compact(sleeper("/contract/raw")));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).contains("/contract/raw");
    String deployment = r.headers().firstValue("Marathon-Deployment-Id").orElseThrow();
    JsonNode body = Json.parse(r.body(), "answer");
    assertThat(body.get("id").asText()).isEqualTo("/contract/raw");
    assertThat(body.get("tasksRunning").asInt()).isZero();
    assertThat(body.get("deployments").get(0).get("id").asText()).isEqualTo(deployment);
    client.awaitDeployment(deployment, WAIT);
  }

  @Test
  void createdAppRunsOnceItsDeploymentIsGone() {
    String deployment = client.createApp(sleeper("/contract/create"));
    client.awaitDeployment(deployment, WAIT);
    assertThat(client.deployments()).extracting(DeploymentStatus::id).doesNotContain(deployment);
    AppStatus app = client.app("/contract/create").orElseThrow();
    assertThat(app.state()).isEqualTo(AppState.RUNNING);
    assertThat(app.tasksRunning()).isEqualTo(1);
    TaskStatus task = app.tasks().get(0);
    assertThat(task.state()).isEqualTo("TASK_RUNNING");
    assertThat(task.host()).isEqualTo("127.0.0.1");
    assertThat(task.ports()).hasSize(1);
    assertThat(task.id()).startsWith("contract_create.");
    assertThat(task.startedAt()).isPresent();
  }

  @Test
  void creatingTwiceIsAConflict() {
    client.createApp(sleeper("/contract/twice"));
    assertThatThrownBy(() -> client.createApp(sleeper("/contract/twice")))
        .isInstanceOf(AppExistsException.class)
        .hasMessage("An app with id [/contract/twice] already exists.");
  }

  @Test
  void updateAnswers200AndScales() throws Exception {
    client.awaitDeployment(client.createApp(sleeper("/contract/update")), WAIT);
    HttpResponse<String> r = RawHttp.send(agent.token().orElseThrow(), "PUT", url + "/v2/apps/contract/update", "{\"instances\":2}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode result = Json.parse(r.body(), "answer");
    assertThat(result.get("deploymentId").asText()).isEqualTo(r.headers().firstValue("Marathon-Deployment-Id")
        .orElseThrow());
    assertThat(result.get("version").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    client.awaitDeployment(result.get("deploymentId").asText(), WAIT);
    client.awaitDeployment(client.scaleApp("/contract/update", 1, false), WAIT);
    AppStatus app = client.app("/contract/update").orElseThrow();
    assertThat(app.instances()).isEqualTo(1);
    assertThat(app.tasks()).hasSize(1);
  }

  @Test
  void putOfAnUnknownAppCreatesItWith201() throws Exception {
    HttpResponse<String> r = RawHttp.send(agent.token().orElseThrow(), "PUT", url + "/v2/apps/contract/upsert", "{\"cmd\":\"exec sleep 600\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(client.app("/contract/upsert")).isPresent();
  }

  @Test
  void unknownAppsAre404() throws Exception {
    assertThat(client.app("/contract/nothing")).isEmpty();
    assertThat(client.destroyApp("/contract/nothing")).isEmpty();
    HttpResponse<String> r = RawHttp.send(agent.token().orElseThrow(), "GET", url + "/v2/apps/contract/nothing", null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(Json.parse(r.body(), "answer").get("message").asText()).isEqualTo("App '/contract/nothing' does not exist");
  }

  @Test
  void aChangeDuringADeploymentIsLockedUnlessForced() {
    String first = client.createApp(neverHealthy("/contract/locked"));
    assertThatThrownBy(() -> client.scaleApp("/contract/locked", 2, false))
        .isInstanceOfSatisfying(AppLockedException.class, e -> {
          assertThat(e.deploymentIds()).containsExactly(first);
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.getMessage()).isEqualTo("App is locked by one or more deployments. Override with the option "
              + "'?force=true'. View details at '/v2/deployments/" + first + "'.");
        });
    String forced = client.scaleApp("/contract/locked", 0, true);
    assertThat(forced).isNotEqualTo(first);
    assertThat(client.deployments()).extracting(DeploymentStatus::id).doesNotContain(first);
    client.awaitDeployment(forced, WAIT);
    assertThat(client.app("/contract/locked").orElseThrow().state()).isEqualTo(AppState.STOPPED);
  }

  @Test
  void waitingForADeploymentThatCannotFinishTimesOut() {
    String id = client.createApp(neverHealthy("/contract/stuck"));
    assertThatThrownBy(() -> client.awaitDeployment(id, Duration.ofMillis(300)))
        .isInstanceOf(DeploymentTimeoutException.class)
        .hasMessageContaining("deployment " + id + " did not finish")
        .hasMessageContaining("StartApplication /contract/stuck");
    DeploymentStatus d = client.deployments().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    assertThat(d.affectedApps()).containsExactly("/contract/stuck");
    assertThat(d.totalSteps()).isEqualTo(1);
    assertThat(client.app("/contract/stuck").orElseThrow().state()).isEqualTo(AppState.DEPLOYING);
  }

  @Test
  void invalidDefinitionsAre422WithDetails() {
    assertThatThrownBy(() -> client.createApp(app("{\"id\":\"/contract/bad/tasks\",\"cmd\":\"x\",\"cpus\":\"lots\"}")))
        .isInstanceOfSatisfying(InvalidAppException.class, e -> {
          assertThat(e.status()).isEqualTo(422);
          assertThat(e.violations()).extracting(AppViolation::pointer).contains("/cpus", "/id");
          assertThat(e.getMessage()).startsWith("the scheduler refused the app (HTTP 422): Object is not valid:")
              .contains("/id: an app id must not end with 'tasks'");
        });
  }

  @Test
  void containersTheAgentCannotRunSafelyAreRefusedWithAReason() {
    assertThatThrownBy(() -> client.createApp(app("{\"id\":\"/contract/docker\",\"container\":{\"type\":\"DOCKER\","
        + "\"docker\":{\"image\":\"127.0.0.1:5000/nginx:1\",\"privileged\":true}}}")))
        .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.violations())
            .anySatisfy(v -> {
              assertThat(v.pointer()).isEqualTo("/container/docker/privileged");
              assertThat(v.message()).startsWith("privileged containers are refused by this agent");
            }));
  }

  @Test
  void invalidJsonIs400() throws Exception {
    HttpResponse<String> r = RawHttp.send(agent.token().orElseThrow(), "POST", url + "/v2/apps", "{\"id\":");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.parse(r.body(), "answer").get("message").asText()).isEqualTo("Invalid JSON");
  }

  @Test
  void listsAppsUnderAPrefixInOneCall() {
    client.createApp(sleeper("/contract/list/a"));
    client.createApp(sleeper("/contract/list/b"));
    client.createApp(sleeper("/elsewhere/contract/list/c"));
    List<AppStatus> apps = client.apps("/contract/list/");
    assertThat(apps).extracting(AppStatus::id).containsExactlyInAnyOrder("/contract/list/a", "/contract/list/b");
    assertThat(apps).allSatisfy(a -> assertThat(a.deployments()).hasSizeLessThanOrEqualTo(1));
  }

  @Test
  void destroyRemovesTheApp() {
    client.awaitDeployment(client.createApp(sleeper("/contract/destroy")), WAIT);
    String id = client.destroyApp("/contract/destroy").orElseThrow();
    assertThat(client.app("/contract/destroy")).isEmpty();
    client.awaitDeployment(id, WAIT);
    assertThat(client.destroyApp("/contract/destroy")).isEmpty();
  }

  @Test
  void infoAndPing() {
    client.ping();
    assertThat(client.info().get("name").asText()).isEqualTo("zeta-agent");
  }
}
