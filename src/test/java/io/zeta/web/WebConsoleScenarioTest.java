package io.zeta.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.json.Json;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.lifecycle.ArtifactFetcher;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.server.Authentication;
import io.zeta.server.CosmosServer;
import io.zeta.server.Packages;
import io.zeta.server.ServedCluster;
import io.zeta.server.ServedInstances;
import io.zeta.server.ServerAudit;
import io.zeta.testing.Browser;
import io.zeta.testing.Cli;
import io.zeta.testing.TestAgents;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console in Chromium against a real {@code file:} cluster and the embedded agent (real
 * processes, real HTTP): log in, search, open hello, fill its generated form with an invalid value
 * (the install's error on the field), fix it, preview, install /team1/web1, watch it reach running
 * on the instance and instances pages, the cluster page with the audit line, uninstall.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebConsoleScenarioTest {
  static final String TOKEN = "scenario-token-0123456789";
  Path tmp;
  EmbeddedScheduler agent;
  Cluster cluster;
  CosmosServer server;
  Browser browser;
  URI root;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("zeta-web-scenario");
    agent = EmbeddedScheduler.start(AgentConfig.defaults(tmp.resolve("agent")).withResources(TestAgents.AMPLE)
        .withKillGracePeriod(Duration.ofSeconds(1)));
    root = tmp.resolve("cluster").toUri();
    Cli cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    cli.ok("cluster", "init", "--root", root.toString(), "--scheduler", agent.url().toString());
    cli.ok("package", "repo", "add", "zeta", Path.of("packages").toAbsolutePath().toString());
    cli.ok("role", "add", "team1");
    cluster = Cluster.open(root);
    MarathonClient client = TestAgents.client(agent);
    ServedInstances instances = new ServedInstances(cluster, name -> cluster.access(), () -> AppRuntime.of(client),
        c -> new ArtifactFetcher(new Configuration()));
    Packages packages = new Packages(cluster.repositories(), tmp.resolve("cache"), Duration.ofMinutes(1));
    Authentication auth = Authentication.localOnly(TOKEN);
    WebConsole console = new WebConsole(packages, Optional.of(cluster), auth, false, false);
    server = CosmosServer.start(HttpServerConfig.loopback(0).withToken(TOKEN), packages, tmp.resolve("cache"),
        ServedCluster.of(cluster.name(), root.toString()), Optional.of(cluster.audit()), Optional.of(instances), auth,
        ServerAudit.none(), Optional.empty(), RequestLog.NONE, console.resources(), console::authenticator);
    browser = Browser.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
    if (agent != null) {
      agent.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (tmp != null) {
      new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor();
    }
  }

  String url(String hash) {
    return "http://127.0.0.1:" + server.port() + "/" + hash;
  }

  WebElement await(String css) {
    return browser.waiting(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  @Test
  void installWatchRunningAndUninstallHelloFromTheBrowser() throws Exception {
    browser.driver.get(url(""));
    await("#token").sendKeys(TOKEN);
    browser.driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    await("#catalog");
    // The cluster's capabilities make hello runnable here (it requires shared-storage).
    await("#search").sendKeys("hello");
    WebElement card = browser.waiting(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".card[data-package=hello]")));
    assertThat(card.getText()).contains("Runs here");
    card.findElement(By.tagName("a")).click();
    await("main.package a.button.primary").click();

    WebElement port = await("[data-pointer='/port']");
    browser.driver.findElement(By.id("target-role")).sendKeys("team1");
    WebElement id = browser.driver.findElement(By.id("target-id"));
    id.clear();
    id.sendKeys("web1");
    port.clear();
    port.sendKeys("70000");
    browser.driver.findElement(By.id("install")).click();
    assertThat(await("[data-pointer='/port'] ~ .error").getText()).contains("65535");
    assertThat(Files.exists(Path.of(root).resolve("apps/team1/hello/web1"))).isFalse();
    browser.errors();
    port.clear();
    port.sendKeys("0");
    browser.driver.findElement(By.id("preview")).click();
    JsonNode app = Json.parse(await("#preview-json").getText(), "preview");
    assertThat(app.path("id").asText()).isEqualTo("/team1/web1");
    browser.driver.findElement(By.id("install")).click();

    // The instance page follows the state until the agent runs the task.
    browser.waiting(Duration.ofSeconds(120)).until(ExpectedConditions.textToBe(By.id("instance-state"), "running"));
    assertThat(TestAgents.client(agent).app("/team1/web1")).isPresent();
    browser.screenshot("instance");
    browser.driver.get(url("#/instances"));
    WebElement row = await("tr[data-instance='team1/web1']");
    assertThat(row.getText()).contains("hello").contains("running");
    browser.screenshot("instances");
    browser.driver.get(url("#/cluster"));
    browser.waiting(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#audit td")).stream()
        .anyMatch(td -> td.getText().contains("serve: package install")));
    assertThat(await("#roles").getText()).contains("team1");
    assertThat(await("#capabilities").getText()).contains("shared-storage");
    browser.screenshot("cluster");

    browser.driver.get(url("#/instance/team1/web1"));
    await("#uninstall").click();
    await("#uninstall-confirm").click();
    browser.waiting(Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().endsWith("#/instances")
        && d.findElements(By.cssSelector("tr[data-instance='team1/web1']")).isEmpty()
        && !d.findElements(By.cssSelector("main h1")).isEmpty());
    assertThat(TestAgents.client(agent).app("/team1/web1")).isEmpty();
    AuditLog.Entry last = cluster.audit().read().get(cluster.audit().read().size() - 1);
    assertThat(last.action()).isEqualTo("serve: package uninstall");
    assertThat(browser.errors()).isEmpty();
  }
}
