package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.MarathonClient;
import io.zeta.testing.TestAgents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v2/events} as Marathon's event stream: subscribed over real HTTP while an app is
 * created, scaled, loses a task and is deleted; the events come with Marathon's types and fields.
 */
class EventStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir
  static Path work;
  static EmbeddedScheduler agent;
  static MarathonClient client;

  @BeforeAll
  static void startAgent() {
    agent = EmbeddedScheduler.start(AgentConfig.defaults(work).withResources(TestAgents.AMPLE).withKillGracePeriod(Duration.ofSeconds(1)),
        ApiSettings.defaults().withEventHeartbeat(Duration.ofMillis(300)));
    client = TestAgents.client(agent);
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  /** One received event: the {@code event:} line's type and the {@code data:} line's JSON. */
  record Event(String type, JsonNode data) {}

  /** A subscriber on its own thread; comment lines (heartbeats) are counted, not queued. */
  static final class Subscription implements AutoCloseable {
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final List<String> comments = new java.util.concurrent.CopyOnWriteArrayList<>();
    final HttpResponse<Stream<String>> response;
    private final Thread reader;

    Subscription(String query) throws Exception {
      HttpRequest request = HttpRequest.newBuilder(URI.create(agent.url() + "/v2/events" + query))
          .header("Accept", "text/event-stream").header("Authorization", "token=" + agent.token().orElseThrow())
          .build();
      response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
      Iterator<String> lines = response.body().iterator();
      reader = new Thread(() -> {
        String type = null;
        try {
          while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith(":")) {
              comments.add(line);
            } else if (line.startsWith("event: ")) {
              type = line.substring(7);
            } else if (line.startsWith("data: ")) {
              events.add(new Event(type, Json.parse(line.substring(6), "event")));
            }
          }
        } catch (RuntimeException e) {
          // Closed.
        }
      }, "test-sse");
      reader.setDaemon(true);
      reader.start();
    }

    /** Events until one matches, the match included; fails after the wait. */
    List<Event> until(Predicate<Event> last) throws InterruptedException {
      List<Event> seen = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        Event e = events.poll(100, TimeUnit.MILLISECONDS);
        if (e == null) {
          continue;
        }
        seen.add(e);
        if (last.test(e)) {
          return seen;
        }
      }
      throw new AssertionError("no such event within " + WAIT + "; got " + seen);
    }

    @Override
    public void close() {
      response.body().close();
      reader.interrupt();
    }
  }

  static Predicate<Event> type(String t) {
    return e -> t.equals(e.type());
  }

  static Predicate<Event> status(String state) {
    return e -> e.type().equals("status_update_event") && e.data().get("taskStatus").asText().equals(state);
  }

  static List<String> types(List<Event> events) {
    return events.stream().map(Event::type).toList();
  }

  static List<String> states(List<Event> events) {
    return events.stream().filter(type("status_update_event")).map(e -> e.data().get("taskStatus").asText()).toList();
  }

  @Test
  void createScaleKillDeleteAsMarathonEvents() throws Exception {
    try (Subscription s = new Subscription("")) {
      assertThat(s.response.statusCode()).isEqualTo(200);
      assertThat(s.response.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
          assertThat(v).startsWith("text/event-stream"));
      Event attached = s.until(type("event_stream_attached")).get(0);
      assertThat(attached.data().get("remoteAddress").asText()).isEqualTo("127.0.0.1");
      assertThat(attached.data().get("eventType").asText()).isEqualTo("event_stream_attached");
      assertThat(attached.data().get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

      // Create.
      String created = client.createApp(Json.parseObject("{\"id\":\"/events/app\",\"cmd\":\"exec sleep 5511\"}", "app"));
      List<Event> start = s.until(e -> e.type().equals("deployment_success") && e.data().get("id").asText()
          .equals(created));
      assertThat(types(start)).contains("api_post_event", "deployment_info", "status_update_event",
          "instance_changed_event", "deployment_step_success", "deployment_success");
      assertThat(states(start)).containsExactly("TASK_STAGING", "TASK_RUNNING");
      Event post = start.stream().filter(type("api_post_event")).findFirst().orElseThrow();
      assertThat(post.data().get("clientIp").asText()).isEqualTo("127.0.0.1");
      assertThat(post.data().get("uri").asText()).isEqualTo("/v2/apps");
      assertThat(post.data().get("appDefinition").get("id").asText()).isEqualTo("/events/app");
      assertThat(post.data().get("appDefinition").get("cmd").asText()).isEqualTo("exec sleep 5511");
      Event info = start.stream().filter(type("deployment_info")).findFirst().orElseThrow();
      assertThat(info.data().get("plan").get("id").asText()).isEqualTo(created);
      assertThat(info.data().get("plan").get("original").get("apps")).isEmpty();
      assertThat(info.data().get("plan").get("target").get("apps").get(0).get("id").asText()).isEqualTo("/events/app");
      assertThat(info.data().get("currentStep").get("actions").get(0).get("action").asText())
          .isEqualTo("StartApplication");
      assertThat(info.data().get("currentStep").get("actions").get(0).get("app").asText()).isEqualTo("/events/app");
      Event running = start.stream().filter(status("TASK_RUNNING")).findFirst().orElseThrow();
      JsonNode r = running.data();
      assertThat(r.get("appId").asText()).isEqualTo("/events/app");
      assertThat(r.get("taskId").asText()).startsWith("events_app.");
      assertThat(r.get("host").asText()).isEqualTo("127.0.0.1");
      assertThat(r.get("ports")).hasSize(1);
      assertThat(r.get("slaveId").asText()).isNotEmpty();
      assertThat(r.get("version").asText()).isEqualTo(client.app("/events/app").orElseThrow().version());
      assertThat(r.get("ipAddresses").get(0).get("ipAddress").asText()).isEqualTo("127.0.0.1");
      Event changed = start.stream().filter(type("instance_changed_event"))
          .filter(e -> e.data().get("condition").asText().equals("Running")).findFirst().orElseThrow();
      assertThat(changed.data().get("runSpecId").asText()).isEqualTo("/events/app");
      assertThat(changed.data().get("instanceId").asText()).isEqualTo(r.get("taskId").asText());

      // Scale to two.
      String scaled = client.scaleApp("/events/app", 2, false);
      List<Event> scale = s.until(e -> e.type().equals("deployment_success") && e.data().get("id").asText()
          .equals(scaled));
      assertThat(states(scale)).containsExactly("TASK_STAGING", "TASK_RUNNING");
      assertThat(scale.stream().filter(type("deployment_info")).findFirst().orElseThrow().data().get("currentStep")
          .get("actions").get(0).get("action").asText()).isEqualTo("ScaleApplication");
      assertThat(scale.stream().filter(type("api_post_event")).findFirst().orElseThrow().data().get("uri").asText())
          .isEqualTo("/v2/apps/events/app");

      // A task dies (killed from outside): failed, and replaced.
      ProcessHandle pid = LocalProcesses.withCommandLine("sleep 5511").stream().findFirst().orElseThrow();
      pid.destroyForcibly();
      List<Event> death = s.until(status("TASK_RUNNING"));
      List<String> deathStates = states(death);
      assertThat(deathStates).containsExactly("TASK_FAILED", "TASK_STAGING", "TASK_RUNNING");
      Event failed = death.stream().filter(status("TASK_FAILED")).findFirst().orElseThrow();
      assertThat(failed.data().get("message").asText()).contains("signal 9");
      assertThat(failed.data().get("taskId").asText()).doesNotContain(" ").startsWith("events_app.");

      // Delete.
      String deleted = client.destroyApp("/events/app").orElseThrow();
      List<Event> delete = s.until(e -> e.type().equals("deployment_success") && e.data().get("id").asText()
          .equals(deleted));
      assertThat(states(delete)).containsExactly("TASK_KILLING", "TASK_KILLING", "TASK_KILLED", "TASK_KILLED");
      assertThat(types(delete)).contains("app_terminated_event");
      assertThat(types(delete).indexOf("app_terminated_event")).isLessThan(types(delete).indexOf("deployment_success"));
      Event stop = delete.stream().filter(type("deployment_info")).findFirst().orElseThrow();
      assertThat(stop.data().get("currentStep").get("actions").get(0).get("action").asText())
          .isEqualTo("StopApplication");
      assertThat(stop.data().get("plan").get("target").get("apps")).isEmpty();
      assertThat(delete.stream().filter(type("app_terminated_event")).findFirst().orElseThrow().data().get("appId")
          .asText()).isEqualTo("/events/app");
      assertThat(delete.stream().filter(type("instance_changed_event"))
          .filter(e -> e.data().get("condition").asText().equals("Killed")).map(e -> e.data().get("goal").asText()))
          .containsOnly("Decommissioned");

      // Idle streams get heartbeat comments.
      Thread.sleep(700);
      assertThat(s.comments).isNotEmpty();
    }
  }

  @Test
  void theEventTypeFilterAndTheLightPlanFormat() throws Exception {
    try (Subscription s = new Subscription("?event_type=deployment_info&event_type=deployment_success"
        + "&plan-format=light")) {
      String created = client.createApp(Json.parseObject("{\"id\":\"/events/filtered\",\"cmd\":\"exec sleep 5512\"}",
          "app"));
      List<Event> got = s.until(e -> e.type().equals("deployment_success") && e.data().get("id").asText()
          .equals(created));
      assertThat(types(got)).containsOnly("deployment_info", "deployment_success");
      JsonNode plan = got.get(0).data().get("plan");
      assertThat(plan.has("original")).isFalse();
      assertThat(plan.has("target")).isFalse();
      assertThat(plan.get("steps").get(0).get("actions").get(0).get("app").asText()).isEqualTo("/events/filtered");
      client.awaitDeployment(client.destroyApp("/events/filtered").orElseThrow(), WAIT);
    }
  }

  @Test
  void aHealthCheckTurningGreenIsAnEvent() throws Exception {
    try (Subscription s = new Subscription("?event_type=health_status_changed_event")) {
      client.createApp(Json.parseObject("{\"id\":\"/events/healthy\",\"cmd\":\"exec python3 -m http.server $PORT0 "
          + "--bind 127.0.0.1\",\"healthChecks\":[{\"protocol\":\"HTTP\",\"path\":\"/\",\"gracePeriodSeconds\":30,"
          + "\"intervalSeconds\":1,\"timeoutSeconds\":2}]}", "app"));
      Event e = s.until(type("health_status_changed_event")).get(0);
      assertThat(e.data().get("appId").asText()).isEqualTo("/events/healthy");
      assertThat(e.data().get("alive").asBoolean()).isTrue();
      assertThat(e.data().get("taskId").asText()).startsWith("events_healthy.");
      assertThat(e.data().get("instanceId").asText()).isEqualTo(e.data().get("taskId").asText());
      assertThat(e.data().get("version").asText()).isNotEmpty();
      client.awaitDeployment(client.destroyApp("/events/healthy").orElseThrow(), WAIT);
    }
  }

  @Test
  void aDetachedSubscriberIsAnnouncedToTheOthers() throws Exception {
    try (Subscription watcher = new Subscription("?event_type=event_stream_attached&event_type=event_stream_detached")) {
      watcher.until(type("event_stream_attached"));
      Subscription other = new Subscription("");
      watcher.until(type("event_stream_attached"));
      other.close();
      Event detached = watcher.until(type("event_stream_detached")).get(0);
      assertThat(detached.data().get("remoteAddress").asText()).isEqualTo("127.0.0.1");
    }
  }
}
