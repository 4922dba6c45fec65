package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.TaskStatus;
import io.zeta.testing.TestAgents;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Marathon's REST API as the agent serves it, through real HTTP against a started agent: embeds and
 * filters of /v2/apps, restart, versions, tasks, service ports, deployments with rollback, groups.
 * Zeta's {@link MarathonClient} where it has the call, plain requests otherwise. Each test uses
 * its own apps (ids under a test's own group).
 */
class AgentApiTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** A task that never becomes healthy keeps its deployment running. */
  private static final String NEVER_HEALTHY = ",\"healthChecks\":[{\"protocol\":\"COMMAND\",\"command\":{\"value\":"
      + "\"false\"},\"gracePeriodSeconds\":600,\"intervalSeconds\":1,\"maxConsecutiveFailures\":0}]";
  @TempDir
  static Path work;
  static EmbeddedScheduler agent;
  static MarathonClient client;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startAgent() {
    agent = EmbeddedScheduler.start(AgentConfig.defaults(work).withResources(TestAgents.AMPLE).withKillGracePeriod(Duration.ofSeconds(1)));
    client = TestAgents.client(agent);
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  record Answer(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      return Json.parse(body.getBytes(StandardCharsets.UTF_8), "answer");
    }
  }

  static Answer call(String method, String path, String body) {
    return call(method, path, body, "application/json");
  }

  static Answer call(String method, String path, String body, String accept) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(agent.url() + path)).header("Accept", accept)
          .header("Authorization", "token=" + agent.token().orElseThrow());
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), r);
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    }
  }

  static JsonNode ok(String method, String path, String body) {
    Answer a = call(method, path, body);
    assertThat(a.status()).as(method + " " + path + ": " + a.body()).isBetween(200, 299);
    return a.json();
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String deploy(String json) {
    String id = client.createApp(Json.parseObject(json, "test app"));
    client.awaitDeployment(id, WAIT);
    return id;
  }

  static List<String> ids(JsonNode apps) {
    List<String> out = new ArrayList<>();
    apps.forEach(a -> out.add(a.get("id").asText()));
    return out;
  }

  static AppStatus status(String id) {
    return client.app(id).orElseThrow();
  }

  @Test
  void embedsTakeEveryPrefixOnTheListAndOnOneApp() {
    deploy("{\"id\":\"/embed/one\",\"cmd\":\"exec sleep 3701\"}");
    JsonNode plain = ok("GET", "/v2/apps?id=/embed/", null).get("apps").get(0);
    assertThat(plain.has("tasks")).isFalse();
    assertThat(plain.get("tasksRunning").asInt()).isEqualTo(1);
    assertThat(plain.has("deployments")).isTrue();
    for (String embed : List.of("apps.tasks", "app.tasks", "tasks")) {
      JsonNode app = ok("GET", "/v2/apps?id=/embed/&embed=" + embed, null).get("apps").get(0);
      assertThat(app.get("tasks")).as(embed).hasSize(1);
    }
    JsonNode stats = ok("GET", "/v2/apps?id=/embed/&embed=apps.taskStats&embed=app.readiness&embed=lastTaskFailure",
        null).get("apps").get(0);
    assertThat(stats.at("/taskStats/totalSummary/stats/counts/running").asInt()).isEqualTo(1);
    assertThat(stats.at("/taskStats/withLatestConfig/stats/lifeTime/averageSeconds").isNumber()).isTrue();
    assertThat(stats.has("taskStats")).isTrue();
    assertThat(stats.get("readinessCheckResults")).isEmpty();
    assertThat(stats.has("tasks")).isFalse();

    JsonNode one = ok("GET", "/v2/apps/embed/one?embed=app.taskStats", null).get("app");
    assertThat(one.get("tasks")).hasSize(1);
    assertThat(one.at("/taskStats/totalSummary/stats/counts/running").asInt()).isEqualTo(1);
    assertThat(ok("GET", "/v2/apps/embed/one", null).get("app").has("taskStats")).isFalse();
  }

  @Test
  void theListFiltersByIdCmdAndLabelSelectors() {
    ok("POST", "/v2/apps", "{\"id\":\"/filter/web\",\"cmd\":\"exec sleep 3702\",\"instances\":0,"
        + "\"labels\":{\"HAPROXY_GROUP\":\"external\",\"tier\":\"frontend\"}}");
    ok("POST", "/v2/apps", "{\"id\":\"/filter/db\",\"cmd\":\"exec Postgres-Like 3702\",\"instances\":0,"
        + "\"labels\":{\"HAPROXY_GROUP\":\"internal\",\"tier\":\"backend\",\"odd,key\":\"v\"}}");
    ok("POST", "/v2/apps", "{\"id\":\"/filter/batch\",\"args\":[\"sleep\",\"3702\"],\"instances\":0}");
    Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
    expected.put("HAPROXY_GROUP", List.of("/filter/web", "/filter/db"));
    expected.put("HAPROXY_GROUP==external", List.of("/filter/web"));
    expected.put("HAPROXY_GROUP!=external", List.of("/filter/db"));
    expected.put("tier in (backend, cache)", List.of("/filter/db"));
    expected.put("tier notin (backend)", List.of("/filter/web"));
    expected.put("HAPROXY_GROUP, tier==frontend", List.of("/filter/web"));
    expected.put("odd\\,key==v", List.of("/filter/db"));
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      JsonNode apps = ok("GET", "/v2/apps?id=/filter/&label=" + q(e.getKey()), null).get("apps");
      assertThat(ids(apps)).as(e.getKey()).containsExactlyElementsOf(e.getValue());
    }
    assertThat(ids(ok("GET", "/v2/apps?cmd=postgres-like", null).get("apps"))).containsExactly("/filter/db");
    assertThat(ids(ok("GET", "/v2/apps?id=FILTER/B", null).get("apps"))).containsExactly("/filter/batch");
    assertThat(ids(ok("GET", "/v2/apps?id=/filter/&cmd=sleep", null).get("apps"))).containsExactly("/filter/web");

    Answer bad = call("GET", "/v2/apps?label=" + q("tier in (a"), null);
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("message").asText()).startsWith("Can not parse label selector tier in (a. Reason: ");
  }

  @Test
  void restartReplacesEveryTaskAndRespectsLocks() {
    deploy("{\"id\":\"/restart/web\",\"cmd\":\"exec sleep 3703\",\"instances\":2}");
    AppStatus before = status("/restart/web");
    Answer restarted = call("POST", "/v2/apps/restart/web/restart", null);
    assertThat(restarted.status()).isEqualTo(200);
    String deployment = restarted.json().get("deploymentId").asText();
    assertThat(restarted.raw().headers().firstValue("Marathon-Deployment-Id")).contains(deployment);
    client.awaitDeployment(deployment, WAIT);
    AppStatus after = status("/restart/web");
    assertThat(after.tasks()).hasSize(2).extracting(TaskStatus::id)
        .doesNotContainAnyElementsOf(before.tasks().stream().map(TaskStatus::id).toList());
    assertThat(after.version()).isNotEqualTo(before.version());

    assertThat(call("POST", "/v2/apps/restart/nothing/restart", null).status()).isEqualTo(404);
    ok("POST", "/v2/apps", "{\"id\":\"/restart/slow\",\"cmd\":\"exec sleep 3703\"" + NEVER_HEALTHY + "}");
    Answer locked = call("POST", "/v2/apps/restart/slow/restart", null);
    assertThat(locked.status()).isEqualTo(409);
    assertThat(locked.json().get("message").asText()).startsWith("App is locked by one or more deployments.");
    assertThat(locked.json().get("deployments").get(0).has("id")).isTrue();
    assertThat(call("POST", "/v2/apps/restart/slow/restart?force=true", null).status()).isEqualTo(200);
    assertThat(call("PUT", "/v2/apps/restart/slow", "{\"instances\":0}").status()).isEqualTo(409);
    assertThat(call("PUT", "/v2/apps/restart/slow?force=true", "{\"instances\":0}").status()).isEqualTo(200);
  }

  @Test
  void versionsAreKeptBoundedAndServed() {
    deploy("{\"id\":\"/versions/app\",\"cmd\":\"exec sleep 3704\",\"instances\":0}");
    String first = status("/versions/app").version();
    client.awaitDeployment(client.updateApp("/versions/app", Json.parseObject("{\"env\":{\"A\":\"1\"}}", "u"),
        false), WAIT);
    JsonNode versions = ok("GET", "/v2/apps/versions/app/versions", null).get("versions");
    assertThat(versions).hasSize(2);
    assertThat(versions.get(1).asText()).isEqualTo(first);
    JsonNode old = ok("GET", "/v2/apps/versions/app/versions/" + first, null);
    assertThat(old.get("id").asText()).isEqualTo("/versions/app");
    assertThat(old.get("version").asText()).isEqualTo(first);
    assertThat(old.get("env")).isEmpty();
    assertThat(old.has("tasks")).isFalse();
    assertThat(call("GET", "/v2/apps/versions/app/versions/2001-01-01T00:00:00.000Z", null).json()
        .get("message").asText()).isEqualTo("App '/versions/app' does not exist in version 2001-01-01T00:00:00.000Z");
    assertThat(call("GET", "/v2/apps/versions/none/versions", null).status()).isEqualTo(404);

    // A PUT with a version brings that version back (marathon-python's rollback_app).
    client.awaitDeployment(client.updateApp("/versions/app", Json.parseObject("{\"version\":\"" + first + "\"}",
        "u"), false), WAIT);
    assertThat(ok("GET", "/v2/apps/versions/app", null).at("/app/env")).isEmpty();

    for (int i = 0; i < AppVersions.KEPT + 5; i++) {
      ok("PUT", "/v2/apps/versions/app?force=true", "{\"labels\":{\"n\":\"" + i + "\"}}");
    }
    JsonNode kept = ok("GET", "/v2/apps/versions/app/versions", null).get("versions");
    assertThat(kept).hasSize(AppVersions.KEPT);
    assertThat(kept.get(0).asText()).isEqualTo(status("/versions/app").version());
    assertThat(kept.get(0).asText()).isGreaterThan(kept.get(1).asText());
  }

  @Test
  void tasksOfAnAppAreListedAndKilled() {
    deploy("{\"id\":\"/kill/web\",\"cmd\":\"exec sleep 3705\",\"instances\":3}");
    JsonNode tasks = ok("GET", "/v2/apps/kill/web/tasks", null).get("tasks");
    assertThat(tasks).hasSize(3);
    String victim = tasks.get(0).get("id").asText();
    Answer text = call("GET", "/v2/apps/kill/web/tasks", null, "text/plain");
    String[] line = text.body().strip().split(" ");
    assertThat(line[0]).isEqualTo("kill_web");
    assertThat(Integer.parseInt(line[1])).isBetween(10000, 19999);
    assertThat(line).hasSize(5).allSatisfy(f -> assertThat(f).isNotBlank());

    JsonNode killed = ok("DELETE", "/v2/apps/kill/web/tasks/" + victim, null).get("task");
    assertThat(killed.get("id").asText()).isEqualTo(victim);
    Poll.until(WAIT, "a replacement", () -> {
      AppStatus s = status("/kill/web");
      return s.tasksRunning() == 3 && s.tasks().stream().noneMatch(t -> t.id().equals(victim));
    });
    assertThat(status("/kill/web").instances()).isEqualTo(3);

    String scaled = status("/kill/web").tasks().get(0).id();
    JsonNode result = ok("DELETE", "/v2/apps/kill/web/tasks/" + scaled + "?scale=true", null);
    client.awaitDeployment(result.get("deploymentId").asText(), WAIT);
    assertThat(status("/kill/web").instances()).isEqualTo(2);
    assertThat(status("/kill/web").tasks()).extracting(TaskStatus::id).doesNotContain(scaled);

    assertThat(ok("DELETE", "/v2/apps/kill/web/tasks?host=elsewhere.example", null).get("tasks")).isEmpty();
    assertThat(call("DELETE", "/v2/apps/kill/web/tasks/kill_web.nope", null).json().get("message").asText())
        .isEqualTo("Task 'kill_web.nope' does not exist");
    Answer both = call("DELETE", "/v2/apps/kill/web/tasks?scale=true&wipe=true", null);
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.json().get("message").asText()).isEqualTo("You cannot use scale and wipe at the same time.");
    assertThat(call("GET", "/v2/apps/kill/none/tasks", null).status()).isEqualTo(404);

    JsonNode all = ok("DELETE", "/v2/apps/kill/web/tasks?scale=true&host=127.0.0.1", null);
    client.awaitDeployment(all.get("deploymentId").asText(), WAIT);
    assertThat(status("/kill/web").instances()).isZero();
    assertThat(status("/kill/web").tasks()).isEmpty();
  }

  @Test
  void theTaskListFiltersByStatusAndKillsAcrossApps() {
    deploy("{\"id\":\"/tasks/a\",\"cmd\":\"exec sleep 3706\",\"instances\":2}");
    deploy("{\"id\":\"/tasks/b\",\"cmd\":\"exec sleep 3706\"}");
    JsonNode running = ok("GET", "/v2/tasks?status=running", null).get("tasks");
    List<JsonNode> ours = new ArrayList<>();
    running.forEach(t -> {
      if (t.get("appId").asText().startsWith("/tasks/")) {
        ours.add(t);
      }
    });
    assertThat(ours).hasSize(3).allSatisfy(t -> {
      assertThat(t.get("state").asText()).isEqualTo("TASK_RUNNING");
      for (String f : List.of("id", "appId", "host", "ports", "servicePorts", "version", "stagedAt", "startedAt",
          "healthCheckResults", "ipAddresses", "slaveId")) {
        assertThat(t.has(f)).as(f).isTrue();
      }
    });
    assertThat(ok("GET", "/v2/tasks?status=staging", null).get("tasks").findValuesAsText("appId"))
        .noneMatch(a -> a.startsWith("/tasks/"));

    Answer text = call("GET", "/v2/tasks", null, "text/plain");
    assertThat(text.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    String line = text.body().lines().filter(l -> l.startsWith("tasks_a\t")).findFirst().orElseThrow();
    assertThat(line.split("\t")).hasSize(4);

    String fromA = ours.stream().filter(t -> t.get("appId").asText().equals("/tasks/a")).findFirst().orElseThrow()
        .get("id").asText();
    String fromB = ours.stream().filter(t -> t.get("appId").asText().equals("/tasks/b")).findFirst().orElseThrow()
        .get("id").asText();
    JsonNode result = ok("POST", "/v2/tasks/delete?scale=true", "{\"ids\":[\"" + fromA + "\",\"" + fromB + "\"]}");
    client.awaitDeployment(result.get("deploymentId").asText(), WAIT);
    assertThat(status("/tasks/a").instances()).isEqualTo(1);
    assertThat(status("/tasks/b").instances()).isZero();
    JsonNode deploymentIds = ok("GET", "/v2/deployments", null);
    assertThat(deploymentIds.findValuesAsText("id")).doesNotContain(result.get("deploymentId").asText());

    String left = status("/tasks/a").tasks().get(0).id();
    JsonNode killed = ok("POST", "/v2/tasks/delete", "{\"ids\":[\"" + left + "\"]}").get("tasks");
    assertThat(killed.findValuesAsText("id")).containsExactly(left);
    Poll.until(WAIT, "a replacement", () -> status("/tasks/a").tasks().stream()
        .anyMatch(t -> t.isRunning() && !t.id().equals(left)));
    Answer invalid = call("POST", "/v2/tasks/delete", "{\"ids\":[\"nodot\"]}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().get("message").asText()).isEqualTo("Invalid task id 'nodot'.");
    assertThat(call("POST", "/v2/tasks/delete", "{}").status()).isEqualTo(400);
  }

  @Test
  void servicePortsAreAssignedUniqueAndKeptAcrossUpdates() {
    deploy("{\"id\":\"/ports/a\",\"cmd\":\"exec sleep 3707\",\"portDefinitions\":[{\"port\":0},{\"port\":0}]}");
    deploy("{\"id\":\"/ports/b\",\"cmd\":\"exec sleep 3707\"}");
    List<Integer> a = servicePorts("/ports/a");
    List<Integer> b = servicePorts("/ports/b");
    assertThat(a).hasSize(2);
    assertThat(b).hasSize(1);
    assertThat(a).doesNotContainAnyElementsOf(b).doesNotHaveDuplicates();
    assertThat(a).allSatisfy(p -> assertThat(p).isBetween(10000, 19999));
    JsonNode task = ok("GET", "/v2/apps/ports/a/tasks", null).at("/tasks/0");
    assertThat(ints(task.get("servicePorts"))).isEqualTo(a);
    assertThat(ints(task.get("ports"))).doesNotContainAnyElementsOf(a);

    // A new definition that asks for dynamic ports again keeps the ports it had.
    client.awaitDeployment(client.updateApp("/ports/a", Json.parseObject("{\"cmd\":\"exec sleep 3717\","
        + "\"portDefinitions\":[{\"port\":0},{\"port\":0}]}", "u"), false), WAIT);
    assertThat(servicePorts("/ports/a")).isEqualTo(a);
    client.awaitDeployment(client.updateApp("/ports/b", Json.parseObject("{\"env\":{\"X\":\"1\"}}", "u"), false),
        WAIT);
    assertThat(servicePorts("/ports/b")).isEqualTo(b);

    // requirePorts: the host port is the service port.
    deploy("{\"id\":\"/ports/fixed\",\"cmd\":\"exec sleep 3707\",\"requirePorts\":true}");
    List<Integer> fixed = servicePorts("/ports/fixed");
    assertThat(status("/ports/fixed").tasks().get(0).ports()).isEqualTo(fixed);
  }

  private static List<Integer> servicePorts(String id) {
    return ints(ok("GET", "/v2/apps" + id, null).at("/app/portDefinitions")).stream().toList();
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isObject() ? n.get("port").asInt() : n.asInt()));
    return out;
  }

  @Test
  void deploymentsAreListedRolledBackAndStopped() {
    deploy("{\"id\":\"/deploy/web\",\"cmd\":\"exec sleep 3708\"}");
    JsonNode change = ok("PUT", "/v2/apps/deploy/web", "{\"instances\":2" + NEVER_HEALTHY + "}");
    String id = change.get("deploymentId").asText();
    JsonNode listed = deployment(id);
    assertThat(listed.get("version").asText()).isEqualTo(change.get("version").asText());
    assertThat(listed.get("affectedApps").get(0).asText()).isEqualTo("/deploy/web");
    assertThat(listed.get("affectedPods")).isEmpty();
    assertThat(listed.at("/steps/0/actions/0/action").asText()).isEqualTo("RestartApplication");
    assertThat(listed.at("/currentActions/0/app").asText()).isEqualTo("/deploy/web");
    assertThat(listed.get("currentStep").asInt()).isEqualTo(1);
    assertThat(listed.get("totalSteps").asInt()).isEqualTo(1);

    Answer rollback = call("DELETE", "/v2/deployments/" + id, null);
    assertThat(rollback.status()).isEqualTo(200);
    String back = rollback.json().get("deploymentId").asText();
    assertThat(back).isNotEqualTo(id);
    client.awaitDeployment(back, WAIT);
    AppStatus restored = status("/deploy/web");
    assertThat(restored.instances()).isEqualTo(1);
    assertThat(ok("GET", "/v2/apps/deploy/web", null).at("/app/healthChecks")).isEmpty();

    // Rolling back a create removes the app.
    String created = ok("POST", "/v2/apps", "{\"id\":\"/deploy/new\",\"cmd\":\"exec sleep 3708\"" + NEVER_HEALTHY
        + "}").at("/deployments/0/id").asText();
    client.awaitDeployment(ok("DELETE", "/v2/deployments/" + created, null).get("deploymentId").asText(), WAIT);
    assertThat(client.app("/deploy/new")).isEmpty();

    // force=true stops following the deployment and leaves the app as it is.
    String slow = ok("PUT", "/v2/apps/deploy/web", "{\"instances\":1" + NEVER_HEALTHY + "}").get("deploymentId")
        .asText();
    Answer stopped = call("DELETE", "/v2/deployments/" + slow + "?force=true", null);
    assertThat(stopped.status()).isEqualTo(202);
    assertThat(stopped.body()).isEmpty();
    assertThat(ok("GET", "/v2/deployments", null).findValuesAsText("id")).doesNotContain(slow);
    assertThat(ok("GET", "/v2/apps/deploy/web", null).at("/app/healthChecks")).hasSize(1);
    Answer unknown = call("DELETE", "/v2/deployments/" + slow, null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText()).isEqualTo("DeploymentPlan " + slow + " does not exist");
  }

  private static void touch(Path file) {
    try {
      Files.writeString(file, "");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode deployment(String id) {
    for (JsonNode d : ok("GET", "/v2/deployments", null)) {
      if (d.get("id").asText().equals(id)) {
        return d;
      }
    }
    throw new AssertionError("deployment " + id + " is not listed");
  }

  @Test
  void groupsAreTheTreeOfAppIdsAndChangeAsOneDeployment() {
    ok("POST", "/v2/apps", "{\"id\":\"/team1/web\",\"cmd\":\"exec sleep 3709\",\"instances\":0}");
    ok("POST", "/v2/apps", "{\"id\":\"/team1/sub/db\",\"cmd\":\"exec sleep 3709\",\"instances\":0}");
    JsonNode root = ok("GET", "/v2/groups", null);
    assertThat(root.get("id").asText()).isEqualTo("/");
    JsonNode team1 = child(root, "/team1");
    assertThat(ids(team1.get("apps"))).containsExactly("/team1/web");
    assertThat(ids(child(team1, "/team1/sub").get("apps"))).containsExactly("/team1/sub/db");
    assertThat(team1.get("pods")).isEmpty();
    assertThat(team1.get("dependencies")).isEmpty();
    assertThat(team1.get("version").asText()).isNotEmpty();

    JsonNode onlyApps = ok("GET", "/v2/groups/team1?embed=group.apps&embed=group.apps.counts", null);
    assertThat(onlyApps.has("groups")).isFalse();
    assertThat(onlyApps.at("/apps/0/tasksRunning").asInt()).isZero();
    assertThat(ok("GET", "/v2/groups/team1", null).at("/apps/0").has("tasksRunning")).isFalse();
    Answer missing = call("GET", "/v2/groups/nowhere", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("message").asText()).isEqualTo("Group '/nowhere' does not exist");

    // POST: both apps in one deployment. They turn healthy only once the test has seen the deployment listed,
    // so the listing cannot race the deployment's end.
    Path go = work.resolve("shop-healthy");
    String healthyOnGo = ",\"healthChecks\":[{\"protocol\":\"COMMAND\",\"command\":{\"value\":\"test -f " + go
        + "\"},\"gracePeriodSeconds\":600,\"intervalSeconds\":1,\"maxConsecutiveFailures\":0}]";
    Answer created = call("POST", "/v2/groups", "{\"id\":\"/shop\",\"apps\":[{\"id\":\"front\",\"cmd\":\"exec sleep "
        + "3719\"" + healthyOnGo + "},{\"id\":\"/shop/back\",\"cmd\":\"exec sleep 3719\"" + healthyOnGo
        + "}],\"groups\":[{\"id\":\"empty\"}]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.raw().headers().firstValue("Location")).contains("/shop");
    String deployment = created.json().get("deploymentId").asText();
    JsonNode listed = deployment(deployment);
    assertThat(Set.of(listed.get("affectedApps").get(0).asText(), listed.get("affectedApps").get(1).asText()))
        .containsExactlyInAnyOrder("/shop/front", "/shop/back");
    touch(go);
    client.awaitDeployment(deployment, WAIT);
    assertThat(status("/shop/front").tasksRunning()).isEqualTo(1);
    assertThat(ok("GET", "/v2/groups/shop/empty", null).get("apps")).isEmpty();
    Answer again = call("POST", "/v2/groups", "{\"id\":\"/shop\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("message").asText()).isEqualTo("Group /shop is already created. Use PUT to change "
        + "this group.");
    Answer badApp = call("POST", "/v2/groups", "{\"id\":\"/bad\",\"apps\":[{\"id\":\"x\",\"cpus\":-1}]}");
    assertThat(badApp.status()).isEqualTo(422);
    assertThat(badApp.json().findValuesAsText("path")).anyMatch(p -> p.startsWith("/apps(0)/"));
    assertThat(call("GET", "/v2/groups/bad", null).status()).isEqualTo(404);

    // PUT: the apps listed replace the group's apps; scaleBy multiplies.
    JsonNode put = ok("PUT", "/v2/groups/shop", "{\"apps\":[{\"id\":\"front\",\"cmd\":\"exec sleep 3719\","
        + "\"instances\":2}]}");
    client.awaitDeployment(put.get("deploymentId").asText(), WAIT);
    assertThat(client.app("/shop/back")).isEmpty();
    assertThat(status("/shop/front").tasksRunning()).isEqualTo(2);
    client.awaitDeployment(ok("PUT", "/v2/groups/shop", "{\"scaleBy\":1.5}").get("deploymentId").asText(), WAIT);
    assertThat(status("/shop/front").instances()).isEqualTo(3);
    JsonNode versions = ok("GET", "/v2/groups/shop/versions", null);
    assertThat(versions.size()).isGreaterThanOrEqualTo(3);

    // DELETE: every app in it, one deployment.
    JsonNode deleted = ok("DELETE", "/v2/groups/shop", null);
    client.awaitDeployment(deleted.get("deploymentId").asText(), WAIT);
    assertThat(client.app("/shop/front")).isEmpty();
    assertThat(call("GET", "/v2/groups/shop", null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/v2/groups/shop", null).status()).isEqualTo(404);
  }

  private static JsonNode child(JsonNode group, String id) {
    for (JsonNode g : group.get("groups")) {
      if (g.get("id").asText().equals(id)) {
        return g;
      }
    }
    throw new AssertionError("no group " + id + " in " + group.get("groups").findValuesAsText("id"));
  }

  @Test
  void aListOfAppsIsUpdatedAsOneDeployment() {
    deploy("{\"id\":\"/many/a\",\"cmd\":\"exec sleep 3711\"}");
    JsonNode result = ok("PUT", "/v2/apps", "[{\"id\":\"/many/a\",\"instances\":2},"
        + "{\"id\":\"/many/b\",\"cmd\":\"exec sleep 3711\"}]");
    JsonNode listed = deployment(result.get("deploymentId").asText());
    assertThat(List.of(listed.get("affectedApps").get(0).asText(), listed.get("affectedApps").get(1).asText()))
        .containsExactly("/many/a", "/many/b");
    client.awaitDeployment(result.get("deploymentId").asText(), WAIT);
    assertThat(status("/many/a").tasksRunning()).isEqualTo(2);
    assertThat(status("/many/b").tasksRunning()).isEqualTo(1);
    Answer bad = call("PUT", "/v2/apps", "[{\"id\":\"/many/a\",\"instances\":-1}]");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().findValuesAsText("path")).containsExactly("/(0)/instances");
    assertThat(status("/many/a").instances()).isEqualTo(2);
  }

  @Test
  void refusedRequestsChangeNothing() {
    deploy("{\"id\":\"/refused/web\",\"cmd\":\"exec sleep 3712\"}");
    ok("POST", "/v2/apps", "{\"id\":\"/refused/slow\",\"cmd\":\"exec sleep 3712\"" + NEVER_HEALTHY + "}");
    String task = status("/refused/web").tasks().get(0).id();
    java.net.URI state = work.resolve("apps").getParent().toUri();
    // The agent's stored state: apps, versions and groups (not the sandboxes and logs of running tasks).
    java.util.function.Predicate<String> stored = p -> p.startsWith("/apps") || p.startsWith("/app-versions")
        || p.equals("/groups.json");
    Map<String, String> before = io.zeta.testing.Trees.snapshot(state, stored);
    assertThat(before.keySet()).anyMatch(p -> p.startsWith("/app-versions/refused_web/"))
        .anyMatch(p -> p.equals("/apps/refused_slow.json"));
    String deployments = ok("GET", "/v2/deployments", null).toString();

    assertThat(call("PUT", "/v2/apps/refused/slow", "{\"instances\":3}").status()).isEqualTo(409);
    assertThat(call("PUT", "/v2/apps", "[{\"id\":\"/refused/web\",\"instances\":2},{\"id\":\"/refused/slow\","
        + "\"instances\":2}]").status()).isEqualTo(409);
    assertThat(call("PUT", "/v2/apps", "[{\"id\":\"/refused/web\",\"instances\":2},{\"id\":\"/refused/x\","
        + "\"cpus\":-1}]").status()).isEqualTo(422);
    assertThat(call("POST", "/v2/groups", "{\"id\":\"/refused/g\",\"apps\":[{\"id\":\"a\",\"cmd\":\"x\"},"
        + "{\"id\":\"/elsewhere/b\",\"cmd\":\"x\"}]}").status()).isEqualTo(422);
    assertThat(call("PUT", "/v2/groups/refused", "{\"apps\":[]}").status()).isEqualTo(409);
    assertThat(call("DELETE", "/v2/groups/refused", null).status()).isEqualTo(409);
    assertThat(call("POST", "/v2/tasks/delete?scale=true", "{\"ids\":[\"" + task + "\",\"nodot\"]}").status())
        .isEqualTo(400);
    assertThat(call("DELETE", "/v2/apps/refused/web/tasks?scale=true&wipe=true", null).status()).isEqualTo(400);
    assertThat(call("POST", "/v2/apps/refused/slow/restart", null).status()).isEqualTo(409);
    assertThat(call("GET", "/v2/apps?label=" + q("a b"), null).status()).isEqualTo(422);

    assertThat(io.zeta.testing.Trees.diff(before, io.zeta.testing.Trees.snapshot(state, stored))).isEmpty();
    assertThat(ok("GET", "/v2/deployments", null).toString()).isEqualTo(deployments);
    assertThat(status("/refused/web").tasks()).extracting(TaskStatus::id).containsExactly(task);
    assertThat(client.app("/refused/x")).isEmpty();
    assertThat(call("GET", "/v2/groups/refused/g", null).status()).isEqualTo(404);
  }

  @Test
  void zetasClientStillReadsWhatItNeeds() {
    deploy("{\"id\":\"/client/web\",\"cmd\":\"exec sleep 3710\",\"instances\":2}");
    AppStatus app = status("/client/web");
    assertThat(app.tasks()).hasSize(2);
    assertThat(client.apps("/client/").stream().map(AppStatus::id).collect(Collectors.toList()))
        .containsExactly("/client/web");
    ObjectNode json = client.appJson("/client/web").orElseThrow();
    assertThat(json.at("/portDefinitions/0/port").asInt()).isBetween(10000, 19999);
  }
}
