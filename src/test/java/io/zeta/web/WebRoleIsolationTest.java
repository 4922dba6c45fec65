package io.zeta.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.zeta.cluster.Cluster;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.identity.ServerIdentity;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.server.Authentication;
import io.zeta.server.CosmosServer;
import io.zeta.server.ServedCluster;
import io.zeta.server.ServerAudit;
import io.zeta.testing.Browser;
import io.zeta.testing.Cli;
import io.zeta.testing.Slapd;
import io.zeta.testing.TestAgents;
import io.zeta.testing.Trees;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Two directory users in the browser (a real slapd, the directory login form, the console's
 * session cookie and CSRF token): bob (role team2) does not see alice's instance (role team1) in
 * the Instances list, the Cluster page's roles or the audit log; opening its page says he is not
 * allowed; his direct requests with his own session and CSRF token to read or change it are
 * refused with 403 and change nothing on storage or the scheduler. Alice sees it, lists its files and changes its options.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebRoleIsolationTest {
  static final String LOCAL = "web-isolation-admin-token-0123456789";
  static final String ALICE_PW = "alice-web-pw-31";
  static final String BOB_PW = "bob-web-pw-58";
  Path tmp;
  Slapd slapd;
  EmbeddedScheduler agent;
  Cluster cluster;
  URI root;
  CosmosServer server;
  Browser browser;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(Slapd.available(), "no /usr/sbin/slapd on this machine (apt-get install slapd)");
    tmp = Files.createTempDirectory("zeta-web-isolation");
    slapd = Slapd.start(tmp.resolve("slapd"));
    agent = EmbeddedScheduler.start(AgentConfig.defaults(tmp.resolve("agent")).withResources(TestAgents.AMPLE)
        .withKillGracePeriod(Duration.ofSeconds(1)));
    root = tmp.resolve("cluster").toUri();
    Cli cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    Path pw = slapd.passwordFile(tmp.resolve("bind.pw"));
    cli.ok("cluster", "init", "--root", root.toString(), "--scheduler", agent.url().toString(), "--ldap", slapd.url(),
        "--ldap-base", Slapd.BASE, "--bind-dn", Slapd.ROOT_DN, "--bind-password-file", pw.toString());
    cli.ok("package", "repo", "add", "zeta", Path.of("packages").toAbsolutePath().toString());
    cli.ok("role", "add", "team1", "--uid-start", "2100000");
    cli.ok("role", "add", "team2", "--uid-start", "2200000");
    cli.ok("user", "add", "alice", "--role", "team1");
    cli.ok("user", "add", "bob", "--role", "team2");
    try (LDAPConnection c = slapd.connect()) {
      c.modify("uid=alice,ou=people," + Slapd.BASE, new Modification(ModificationType.REPLACE, "userPassword", ALICE_PW));
      c.modify("uid=bob,ou=people," + Slapd.BASE, new Modification(ModificationType.REPLACE, "userPassword", BOB_PW));
    }
    cli.ok("package", "install", "hello", "--role", "team1", "--id", "web", "--stage");
    cluster = Cluster.open(root);
    ServerIdentity identity = ServerIdentity.of(cluster, "0");
    cluster.closing(identity);
    Authentication auth = Authentication.forCluster(LOCAL, identity, Authentication.signingKey(cluster.storage()),
        ServedCluster.of(cluster.name(), cluster.config().root()).id(), Duration.ofHours(1));
    server = ConsoleServer.start(HttpServerConfig.loopback(0).withToken(LOCAL).withRealm("zeta-serve"), cluster, agent,
        auth, r -> auth.of(r).access(), ServerAudit.of(Optional.of(cluster)), RequestLog.NONE,
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
    if (slapd != null) {
      slapd.close();
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

  void click(String css) {
    browser.waiting(Duration.ofSeconds(30)).until(d -> {
      d.findElement(By.cssSelector(css)).click();
      return true;
    });
  }

  /** The directory login form, as a person fills it. */
  void logIn(String uid, String password) {
    browser.driver.get(url("#/login"));
    browser.waiting(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("[role=tab]")).size() == 2);
    browser.driver.findElements(By.cssSelector("[role=tab]")).stream().filter(t -> t.getText().equals("Directory user"))
        .findFirst().orElseThrow().click();
    await("#uid").sendKeys(uid);
    browser.driver.findElement(By.id("password")).sendKeys(password);
    browser.driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    await("#catalog");
    assertThat(browser.driver.findElement(By.cssSelector(".who")).getText()).contains(uid).doesNotContain("admin");
  }

  void logOut() {
    browser.driver.findElement(By.cssSelector(".who button")).click();
    await("#login-form");
  }

  /**
   * Requests sent by the page's own JavaScript with the session cookie and the session's CSRF
   * token (as a user could from the browser's console): each answer's status, by request.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> fetchAll(String... methodAndPath) {
    String script = """
        const done = arguments[arguments.length - 1];
        const asks = arguments[0];
        (async () => {
          const s = await (await fetch('/zeta/v1/web/session', { credentials: 'same-origin' })).json();
          const out = { csrf: s.csrfToken ? 'present' : 'missing' };
          for (const a of asks) {
            const [method, path, body, type] = a.split(' ');
            const r = await fetch(path, { method, credentials: 'same-origin',
              headers: Object.assign({ 'X-CSRF-Token': s.csrfToken, Accept: '*/*' }, body ? { 'Content-Type': type || 'application/json' } : {}),
              body: body || undefined });
            out[method + ' ' + path] = r.status;
          }
          return out;
        })().then(done, e => done({ error: String(e) }));
        """;
    browser.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
    return (Map<String, Object>) browser.driver.executeAsyncScript(script, java.util.List.of(methodAndPath));
  }

  @Test
  void bobNeitherSeesNorChangesAlicesInstanceAliceDoes() throws Exception {
    logIn("bob", BOB_PW);
    // The Instances list: nothing of team1.
    browser.driver.get(url("#/instances"));
    browser.waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.tagName("main")).getText()
        .contains("No instance you may see"));
    assertThat(browser.driver.findElements(By.cssSelector("tr[data-instance='team1/web']"))).isEmpty();
    browser.screenshot("isolation-instances");
    // Its page, opened directly: not allowed, and nothing of it shown.
    browser.driver.get(url("#/instance/team1/web"));
    assertThat(await("#instance-problem").getText()).contains("not allowed").contains("team1");
    assertThat(browser.driver.findElements(By.id("instance-state"))).isEmpty();
    browser.screenshot("isolation-instance");
    // The Cluster page: his role only, and no audit line of team1's instance.
    browser.driver.get(url("#/cluster"));
    WebElement roles = await("#roles");
    assertThat(roles.getText()).contains("team2").doesNotContain("team1");
    await("#audit");
    // Of team1's instance he sees only his own refusals (opening its page was one), not alice's or root's lines.
    assertThat(browser.driver.findElements(By.cssSelector("#audit tbody tr")).stream().map(WebElement::getText)
        .filter(t -> t.contains("team1"))).isNotEmpty().allSatisfy(t -> assertThat(t).contains("bob").contains("denied"));
    browser.screenshot("isolation-cluster");

    // His own session and CSRF token, sent straight to the endpoints: refused, nothing changed.
    Map<String, String> before = Trees.withoutAudit(root);
    var appsBefore = TestAgents.client(agent).apps("/team1");
    String i = "/zeta/v1/instances/team1/web";
    Map<String, Object> statuses = fetchAll("POST " + i + "/start {}", "POST " + i + "/stop {}",
        "POST " + i + "/scale {\"instances\":3}", "POST " + i + "/upgrade {\"options\":{\"greeting\":\"bob\"}}",
        "POST " + i + "/rollback {}", "POST " + i + "/uninstall {\"purge\":true,\"confirm\":\"web\"}",
        "POST /package/uninstall {\"packageName\":\"hello\",\"appId\":\"/team1/web\"} "
            + "application/vnd.dcos.package.uninstall-request+json;charset=utf-8;version=v1",
        "GET " + i, "GET " + i + "/history", "GET " + i + "/diff?from=1&to=1", "GET " + i + "/files",
        "GET " + i + "/env", "GET " + i + "/describe", "GET /zeta/v1/audit?role=team1");
    assertThat(statuses.remove("csrf")).isEqualTo("present");
    assertThat(statuses).hasSize(14).allSatisfy((k, v) -> assertThat(((Number) v).intValue()).as(k).isEqualTo(403));
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
    assertThat(TestAgents.client(agent).apps("/team1")).isEqualTo(appsBefore);
    // His own role's listing still answers: the refusals are about the role, not the session.
    Map<String, Object> own = fetchAll("GET /zeta/v1/instances", "GET /zeta/v1/roles");
    assertThat(own).containsEntry("GET /zeta/v1/instances", 200L).containsEntry("GET /zeta/v1/roles", 200L);
    // Every refusal is in the audit log as bob's.
    assertThat(cluster.audit().read().stream().filter(e -> "bob".equals(e.who()) && e.result() != null
        && e.result().startsWith("denied")).count()).isGreaterThanOrEqualTo(6);
    logOut();

    // Alice sees hers and its files.
    logIn("alice", ALICE_PW);
    browser.driver.get(url("#/instances"));
    assertThat(await("tr[data-instance='team1/web']").getText()).contains("hello");
    click("tr[data-instance='team1/web'] a");
    browser.waiting(Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.id("instance-state"), "installed"));
    click("#files-list");
    assertThat(await("#files").getText()).contains("instance.json");
    // She changes its options (a new revision; not deployed, as it is not started: the role's service
    // user is not an account of this machine) and compares the two revisions.
    WebElement opts = browser.driver.findElement(By.id("upgrade-options"));
    opts.clear();
    opts.sendKeys("{\"greeting\": \"Hello from alice\"}");
    click("#upgrade");
    browser.waiting(Duration.ofSeconds(120)).until(d -> !d.findElements(By.cssSelector("#note, main .problem")).isEmpty());
    assertThat(browser.driver.findElements(By.cssSelector("main .problem"))).as(() -> browser.driver
        .findElement(By.cssSelector("main .problem")).getText()).isEmpty();
    assertThat(browser.driver.findElement(By.id("note")).getText()).contains("revision 2");
    click("#diff-show");
    assertThat(await("#diff").getText()).contains("+<h1>Hello from alice</h1>");
    assertThat(Trees.read(root, "/apps/team1/hello/web/conf/index.html")).contains("Hello from alice");
    browser.driver.get(url("#/cluster"));
    assertThat(await("#roles").getText()).contains("team1").doesNotContain("team2");
    browser.waiting(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("audit")).getText()
        .contains("serve: package upgrade"));
    browser.screenshot("isolation-alice");
    assertThat(browser.errors()).allSatisfy(e -> assertThat(e).contains("403"));
  }
}
