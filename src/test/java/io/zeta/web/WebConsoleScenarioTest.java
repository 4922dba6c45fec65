package io.zeta.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.json.Json;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
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
    server = ConsoleServer.start(HttpServerConfig.loopback(0).withToken(TOKEN), cluster, agent,
        Authentication.localOnly(TOKEN), name -> cluster.access(), ServerAudit.none(), RequestLog.NONE,
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

  String url(String hash) {
    return "http://127.0.0.1:" + server.port() + "/" + hash;
  }

  /** Clicks the element, found again if the page re-rendered it in between. */
  void click(String css) {
    browser.waiting(Duration.ofSeconds(30)).until(d -> {
      d.findElement(By.cssSelector(css)).click();
      return true;
    });
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
    browser.waiting(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#catalog .card")).size() == 1);
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

    // The instance page follows the state until the agent runs the task, from the scheduler's events
    // (the header says the stream is live: this server reads the agent's /v2/events as zeta serve does).
    browser.waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("live")).getText().equals("live"));
    browser.waiting(Duration.ofSeconds(120)).until(ExpectedConditions.textToBe(By.id("instance-state"), "running"));
    assertThat(TestAgents.client(agent).app("/team1/web1")).isPresent();
    // Its URL (the port named http) opens the page hello rendered into its home.
    WebElement link = browser.waiting(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("[data-app='/team1/web1'] a.url")));
    String home = browser.driver.getWindowHandle();
    link.click();
    browser.waiting(Duration.ofSeconds(10)).until(d -> d.getWindowHandles().size() == 2);
    for (String h : browser.driver.getWindowHandles()) {
      if (!h.equals(home)) {
        browser.driver.switchTo().window(h);
      }
    }
    browser.waiting(Duration.ofSeconds(20)).until(d -> d.getPageSource().contains("team1"));
    browser.driver.close();
    browser.driver.switchTo().window(home);
    browser.screenshot("instance");

    // Logs: the task's output.
    click("#logs-tail");
    browser.waiting(Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("#logs, main .problem")).isEmpty());
    assertThat(browser.driver.findElements(By.cssSelector("main .problem"))).as(() -> browser.driver
        .findElement(By.cssSelector("main .problem")).getText()).isEmpty();
    browser.waiting(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("logs")).getText().contains("hello: serving"));
    // Upgrade: new options on the same version (revision 2), then roll back to revision 1 (revision 3).
    WebElement opts = browser.driver.findElement(By.id("upgrade-options"));
    opts.clear();
    opts.sendKeys("{\"greeting\": \"Hi again\"}");
    click("#upgrade");
    browser.waiting(Duration.ofSeconds(300)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("note"),
        "revision 2"));
    browser.waiting(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#history tbody tr")).size() == 2);
    assertThat(browser.driver.findElement(By.id("options")).getText()).contains("Hi again");
    browser.screenshot("instance-upgraded");
    click("#history tr[data-revision='1'] button.rollback");
    browser.waiting(Duration.ofSeconds(300)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("note"),
        "revision 3"));
    browser.waiting(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#history tbody tr")).size() == 3
        && !d.findElement(By.id("options")).getText().contains("Hi again"));
    // The diff between revisions 1 and 2: the options and the page hello rendered, as unified diffs.
    new Select(await("#diff-from")).selectByValue("1");
    new Select(browser.driver.findElement(By.id("diff-to"))).selectByValue("2");
    click("#diff-show");
    WebElement diff = await("#diff");
    assertThat(diff.getText()).contains("--- a/options.json", "+++ b/options.json", "+  \"greeting\" : \"Hi again\"",
        "+++ b/conf/index.html", "+<h1>Hi again</h1>", "+++ b/marathon.json");
    browser.screenshot("instance-diff");
    // The env exports the instance gives its role, and the files of its home.
    assertThat(await("#env tr[data-env=ZETA_web1_APP_ID]").getText()).contains("/team1/web1");
    click("#files-list");
    WebElement files = await("#files");
    assertThat(files.getText()).contains("instance.json", "conf/index.html", "revisions/3.json", "0644");
    browser.screenshot("instance-files");
    // Scale to 2 tasks; the page follows until both run.
    WebElement n = browser.driver.findElement(By.id("scale-n"));
    n.clear();
    n.sendKeys("2");
    click("#scale");
    try {
      browser.waiting(Duration.ofSeconds(120)).until(d -> d.findElement(By.cssSelector("[data-app='/team1/web1'] .tasks"))
          .getText().startsWith("2/2 tasks running"));
    } catch (org.openqa.selenium.TimeoutException e) {
      browser.screenshot("failed-scale");
      throw new AssertionError("scale did not end: " + browser.driver.findElement(By.tagName("main")).getText(), e);
    }
    assertThat(TestAgents.client(agent).app("/team1/web1").orElseThrow().instances()).isEqualTo(2);
    browser.driver.get(url("#/instances"));
    // The page follows the state (a rolling change may still be finishing).
    browser.waiting(Duration.ofSeconds(120)).until(d -> d.findElement(By.cssSelector("tr[data-instance='team1/web1']"))
        .getText().contains("running"));
    assertThat(await("tr[data-instance='team1/web1']").getText()).contains("hello");
    browser.screenshot("instances");
    browser.driver.get(url("#/cluster"));
    browser.waiting(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#audit td")).stream()
        .anyMatch(td -> td.getText().contains("serve: package install")));
    assertThat(await("#roles").getText()).contains("team1", "/apps/team1", "0770");
    assertThat(await("#capabilities").getText()).contains("shared-storage");
    browser.screenshot("cluster");

    browser.driver.get(url("#/instance/team1/web1"));
    // Uninstall with purge: the data goes too, only once the id is typed.
    Path homeDir = Path.of(root).resolve("apps/team1/hello/web1");
    assertThat(homeDir.resolve("logs")).isDirectory();
    click("#uninstall");
    click("#uninstall-purge");
    assertThat(await("#uninstall-confirm").isEnabled()).isFalse();
    await("#uninstall-typed").sendKeys("web");
    assertThat(browser.driver.findElement(By.id("uninstall-confirm")).isEnabled()).isFalse();
    browser.driver.findElement(By.id("uninstall-typed")).sendKeys("1");
    assertThat(browser.driver.findElement(By.id("uninstall-confirm")).isEnabled()).isTrue();
    browser.screenshot("uninstall-purge");
    click("#uninstall-confirm");
    try {
      browser.waiting(Duration.ofSeconds(150)).until(d -> d.getCurrentUrl().endsWith("#/instances")
          || !d.findElements(By.cssSelector("main .problem")).isEmpty());
    } catch (org.openqa.selenium.TimeoutException e) {
      browser.screenshot("failed-uninstall");
      throw new AssertionError("uninstall did not end: " + browser.driver.findElement(By.tagName("main")).getText()
          + "\n" + TestAgents.client(agent).app("/team1/web1"), e);
    }
    assertThat(browser.driver.findElements(By.cssSelector("main .problem"))).as(() -> browser.driver
        .findElement(By.cssSelector("main .problem")).getText()).isEmpty();
    // Uninstalled: gone from the list, or listed as Zeta's state "removed" where its data is kept.
    browser.waiting(Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().endsWith("#/instances")
        && !d.findElements(By.cssSelector("main h1")).isEmpty()
        && d.findElements(By.cssSelector("tr[data-instance='team1/web1']")).stream()
            .allMatch(row -> row.getText().contains("removed")));
    assertThat(TestAgents.client(agent).app("/team1/web1")).isEmpty();
    assertThat(homeDir).doesNotExist();
    AuditLog.Entry last = cluster.audit().read().get(cluster.audit().read().size() - 1);
    assertThat(last.action()).isEqualTo("serve: package uninstall");
    assertThat(cluster.audit().read().stream().map(AuditLog.Entry::action)).contains("serve: package scale",
        "serve: package upgrade", "serve: package rollback");
    assertThat(browser.errors()).isEmpty();
  }
}
