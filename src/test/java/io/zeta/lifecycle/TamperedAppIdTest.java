package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.Trees;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code package start} sends only the instance's own apps (issue 9, item 4): a marathon.json
 * changed to name another role's app is refused before anything reaches the scheduler, and that
 * app on a real agent stays as it was.
 */
class TamperedAppIdTest {
  @TempDir
  Path tmp;
  Cli cli;

  @AfterEach
  void stopAgent() {
    if (cli != null) {
      cli.run("agent", "stop");
    }
  }

  String token;

  /** The app as the agent has it, read over its REST API with its token. */
  JsonNode agentApp(String url, String id) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url + "v2/apps" + id));
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body(), "app").get("app");
  }

  @Test
  void aMarathonJsonNamingAnotherRolesAppIsRefusedAndNothingIsSent() throws Exception {
    URI root = tmp.resolve("cluster").toUri();
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    cli.ok("cluster", "init", "--root", root.toString(), "--name", "tamper");
    cli.ok("package", "repo", "add", "zeta", Path.of("packages").toAbsolutePath().toString());
    cli.ok("role", "add", "team1");
    cli.ok("role", "add", "team2");
    cli.ok("package", "install", "hello", "--role", "team2", "--id", "victim", "--stage", "--set", "greeting=Mine");
    cli.ok("package", "install", "hello", "--role", "team1", "--id", "attacker");
    cli.ok("agent", "start");
    cli.ok("package", "start", "team2/victim");
    JsonNode status = Json.parse(cli.ok("agent", "status", "--json").out(), "agent status");
    String url = status.get("url").asText();
    token = io.zeta.scheduler.embedded.AgentLocator.token(Path.of(status.get("workDir").asText())).orElse(null);
    url = url.endsWith("/") ? url : url + "/";
    JsonNode before = agentApp(url, "/team2/victim");

    Path marathon = Path.of(root).resolve("apps/team1/hello/attacker/marathon.json");
    ObjectNode app = (ObjectNode) Json.parse(Files.readString(marathon), "marathon.json");
    app.put("id", "/team2/victim");
    app.put("cmd", "echo taken over; sleep 600");
    Files.writeString(marathon, Json.MAPPER.writeValueAsString(app), StandardCharsets.UTF_8);

    Map<String, String> tree = Trees.withoutAudit(root);
    Cli.Result r = cli.run("package", "start", "team1/attacker");
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines().findFirst().orElseThrow()).isEqualTo("zeta: /apps/team1/hello/attacker/marathon.json of "
        + "team1/attacker was changed: app id '/team2/victim' is not /team1/attacker or /team1/attacker/<name>; "
        + "refused, nothing was sent to the scheduler");
    assertThat(Trees.diff(tree, Trees.withoutAudit(root))).isEmpty();
    JsonNode after = agentApp(url, "/team2/victim");
    assertThat(after.get("cmd")).isEqualTo(before.get("cmd"));
    assertThat(after.get("version")).isEqualTo(before.get("version"));
    assertThat(after.get("cmd").asText()).doesNotContain("taken over");

    // Nor as a group whose apps leave the instance, nor by stop or scale, which read the same file.
    ObjectNode group = Json.object();
    group.put("id", "/team1/attacker");
    group.putArray("apps").add(app);
    Files.writeString(marathon, Json.MAPPER.writeValueAsString(group), StandardCharsets.UTF_8);
    for (String[] args : new String[][] {{"package", "start", "team1/attacker"}, {"package", "stop", "team1/attacker"},
        {"package", "scale", "team1/attacker", "3"}}) {
      Cli.Result t = cli.run(args);
      assertThat(t.exit()).as(t.toString()).isEqualTo(1);
      assertThat(t.err()).contains("app id '/team2/victim' is not /team1/attacker");
    }
    assertThat(agentApp(url, "/team2/victim").get("instances").asInt()).isEqualTo(before.get("instances").asInt());
  }
}
