package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.RawHttp;
import io.zeta.testing.TestAgents;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Marathon's {@code user}: tasks run as that user (the agent is root here), or the app is refused. */
class TaskUserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir
  Path work;
  private EmbeddedScheduler agent;
  private MarathonClient client;
  private final String user = "zt" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private final String group = user + "g";

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  @BeforeEach
  void start() throws Exception {
    assumeTrue(TaskUser.isRoot(), "the agent must run as root to switch users; this JVM does not");
    assumeTrue(run("groupadd", group) == 0 && run("useradd", "--no-create-home", "-G", group, user) == 0,
        "cannot create a user here (useradd)");
    agent = EmbeddedScheduler.start(AgentConfig.defaults(work).withKillGracePeriod(Duration.ofSeconds(1)));
    client = TestAgents.client(agent);
  }

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    run("userdel", user);
    run("groupdel", group);
  }

  private static String statusLine(long pid, String field) throws Exception {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(field + ":"))
        .findFirst().orElseThrow().substring(field.length() + 1).strip();
  }

  private static List<ProcessHandle> sleeping() {
    return LocalProcesses.withCommandLine("sleep 3991").stream()
        .filter(h -> h.info().command().orElse("").endsWith("/sleep")).toList();
  }

  @Test
  void aTaskRunsAsItsUserWithItsGroups() throws Exception {
    int uid = Integer.parseInt(new String(new ProcessBuilder("id", "-u", user).start().getInputStream()
        .readAllBytes()).strip());
    String gid = new String(new ProcessBuilder("getent", "group", group).start().getInputStream().readAllBytes())
        .split(":")[2];
    client.awaitDeployment(client.createApp(Json.parseObject("{\"id\":\"/user/task\",\"user\":\"" + user + "\","
        + "\"cmd\":\"id -un > whoami; exec sleep 3991\",\"cpus\":0.1,\"mem\":16}", "app")), WAIT);
    Path sandbox;
    try (Stream<Path> s = Files.list(work.resolve("sandboxes"))) {
      sandbox = s.findFirst().orElseThrow();
    }
    Poll.until(WAIT, "whoami written", () -> Files.exists(sandbox.resolve("whoami")));
    Poll.until(WAIT, "whoami complete", () -> {
      try {
        return Files.readString(sandbox.resolve("whoami")).equals(user + "\n");
      } catch (java.io.IOException e) {
        return false;
      }
    });
    // The task is running once it is started, which can be before setpriv (still root) has switched user and
    // exec'd the shell: look at the process only once it is sleep itself.
    Poll.until(WAIT, "the task is sleep", () -> sleeping().size() == 1);
    long pid = sleeping().get(0).pid();
    assertThat(statusLine(pid, "Uid").split("\\s+")).containsOnly(String.valueOf(uid));
    assertThat(Arrays.asList(statusLine(pid, "Groups").split("\\s+"))).contains(gid.strip());
    for (String f : List.of("whoami", "stdout", "stderr", ".")) {
      assertThat(Files.getOwner(sandbox.resolve(f)).getName()).as(f).isEqualTo(user);
    }
    client.destroyApp("/user/task");
  }

  @Test
  void anUnknownUserIsRefusedAtCreate() throws Exception {
    HttpResponse<String> r = RawHttp.send(agent.token().orElseThrow(), "POST", agent.url() + "/v2/apps",
        "{\"id\":\"/user/nobody-here\",\"user\":\"no-such-user-3992\",\"cmd\":\"sleep 3992\"}");
    assertThat(r.statusCode()).isEqualTo(422);
    JsonNode body = Json.parse(r.body(), "422");
    assertThat(body.get("message").asText()).isEqualTo("Object is not valid");
    assertThat(body.at("/details/0/path").asText()).isEqualTo("/user");
    assertThat(body.at("/details/0/errors/0").asText()).isEqualTo("user 'no-such-user-3992' does not exist on this "
        + "machine: create it (e.g. useradd no-such-user-3992) or remove \"user\" from the app");
    assertThat(client.app("/user/nobody-here")).isEmpty();
    assertThat(work.resolve("apps/user_nobody-here.json")).doesNotExist();
  }
}
