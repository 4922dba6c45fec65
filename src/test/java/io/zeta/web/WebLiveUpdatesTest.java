package io.zeta.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.cluster.Cluster;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.server.Authentication;
import io.zeta.server.CosmosServer;
import io.zeta.server.ServerAudit;
import io.zeta.testing.Browser;
import io.zeta.testing.Cli;
import io.zeta.testing.TestAgents;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

/**
 * The Instances page in Chromium follows an instance from installed to running by the server's
 * event stream: the instance is started with the CLI (not through this server, so only the
 * scheduler's events can tell the page), the page is never reloaded, and every
 * {@code GET /zeta/v1/instances} the server answered meanwhile was a refresh the page made for an
 * event (the page counts its refreshes by cause, the server counts the requests), none a poll.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebLiveUpdatesTest {
  static final String TOKEN = "live-updates-token-0123456789";
  Path tmp;
  EmbeddedScheduler agent;
  Cluster cluster;
  CosmosServer server;
  Browser browser;
  Cli cli;
  final AtomicInteger listGets = new AtomicInteger();

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("zeta-web-live");
    agent = EmbeddedScheduler.start(AgentConfig.defaults(tmp.resolve("agent")).withResources(TestAgents.AMPLE)
        .withKillGracePeriod(Duration.ofSeconds(1)));
    URI root = tmp.resolve("cluster").toUri();
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    if (agent.token().isPresent()) {
      cli = cli.env("ZETA_MARATHON_TOKEN", agent.token().get());
    }
    cli.ok("cluster", "init", "--root", root.toString(), "--scheduler", agent.url().toString());
    cli.ok("package", "repo", "add", "zeta", Path.of("packages").toAbsolutePath().toString());
    cli.ok("role", "add", "team1");
    cli.ok("package", "install", "hello", "--role", "team1", "--id", "live1", "--stage");
    cluster = Cluster.open(root);
    // The server's own count of the list requests it answered.
    RequestLog counting = (request, route, status, nanos) -> {
      if (request.method().equals("GET") && request.path().equals("/zeta/v1/instances")) {
        listGets.incrementAndGet();
      }
    };
    server = ConsoleServer.start(HttpServerConfig.loopback(0).withToken(TOKEN), cluster, agent,
        Authentication.localOnly(TOKEN), name -> cluster.access(), ServerAudit.none(), counting,
        tmp.resolve("cache"), tmp.resolve("agent"));
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

  String row() {
    return browser.driver.findElement(By.cssSelector("tr[data-instance='team1/live1']")).getText();
  }

  @SuppressWarnings("unchecked")
  long refreshes(String cause) {
    return ((Number) ((Map<String, Object>) browser.js("return window.zetaRefreshes")).get(cause)).longValue();
  }

  @Test
  void anInstanceStartedElsewhereTurnsRunningOnTheOpenPageWithoutPolling() throws Exception {
    browser.driver.get("http://127.0.0.1:" + server.port() + "/");
    browser.waiting(Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("token")).isEmpty());
    browser.driver.findElement(By.id("token")).sendKeys(TOKEN);
    browser.driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    browser.waiting(Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("catalog")).isEmpty());
    browser.driver.findElement(By.cssSelector("nav a[href='#/instances']")).click();
    browser.waiting(Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("tr[data-instance='team1/live1']"))
        .isEmpty() && row().contains("installed"));
    browser.waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("live")).getText().equals("live"));
    // A mark on the document: a reload would lose it.
    browser.js("window.zetaTestMark = 'same page'");

    // Quiet: with nothing happening the page asks nothing (it used to poll every 2 s).
    int before = listGets.get();
    long eventsBefore = refreshes("event");
    Thread.sleep(6000);
    assertThat(listGets.get()).as("list requests while nothing happened").isEqualTo(before);
    assertThat(refreshes("event")).isEqualTo(eventsBefore);

    cli.ok("package", "start", "team1/live1");
    browser.waiting(Duration.ofSeconds(120)).until(d -> row().contains("running"));
    assertThat(browser.js("return window.zetaTestMark")).isEqualTo("same page");
    assertThat(browser.driver.findElement(By.id("live")).getText()).isEqualTo("live");
    // Let the last debounced refreshes land, then compare the server's count with the page's.
    Thread.sleep(2000);
    long byEvents = refreshes("event") - eventsBefore;
    int served = listGets.get() - before;
    assertThat(refreshes("poll")).as("fallback polls").isZero();
    assertThat(byEvents).as("refreshes for events").isPositive();
    assertThat(served).as("GET /zeta/v1/instances answered, each for an event").isEqualTo((int) byEvents);
    browser.screenshot("instances-live");
    assertThat(browser.errors()).isEmpty();
  }
}
