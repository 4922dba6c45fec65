package io.zeta.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.catalog.RepositoryList;
import io.zeta.catalog.RepositoryRef;
import io.zeta.catalog.UserRepositoryStore;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.json.Json;
import io.zeta.server.Authentication;
import io.zeta.server.CosmosServer;
import io.zeta.server.ServerAudit;
import io.zeta.server.Packages;
import io.zeta.server.ServedCluster;
import io.zeta.testing.Browser;
import io.zeta.testing.Fixtures;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console's catalog, package page and generated install forms in Debian's Chromium, against a
 * real {@code zeta serve} (Cosmos API + console) over the fixture Universe (324 versions) and the
 * project's packages: login, the catalog's load time, search, the form of every fixture version
 * that has a config.json without a console error, and the server's validation errors on the
 * field they name, then the preview.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebConsoleFormsTest {
  static final String TOKEN = "forms-test-token-0123456789";
  @TempDir
  static Path tmp;
  static CosmosServer server;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    RepositoryList list = new RepositoryList(new UserRepositoryStore(tmp.resolve("home")));
    list.add(new RepositoryRef("universe", Fixtures.root().resolve("universe").toUri().toString()), null);
    list.add(new RepositoryRef("zeta", Fixtures.projectPackages().toUri().toString()), null);
    Packages packages = new Packages(list, tmp.resolve("cache"), Duration.ofMinutes(10));
    HttpServerConfig http = HttpServerConfig.loopback(0).withToken(TOKEN);
    Authentication auth = Authentication.localOnly(TOKEN);
    WebConsole console = new WebConsole(packages, Optional.empty(), auth, false, false, Optional.empty());
    server = CosmosServer.start(http, packages, tmp.resolve("cache"), ServedCluster.of("test", "/x"), Optional.empty(),
        auth, ServerAudit.none(), Optional.empty(), Optional.empty(), RequestLog.NONE, console.resources(), console::authenticator);
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static String url(String hash) {
    return "http://127.0.0.1:" + server.port() + "/" + hash;
  }

  static WebElement await(String css) {
    return browser.waiting(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  @Test
  @Order(1)
  void logsInWithTheTokenAndRefusesAWrongOne() throws Exception {
    browser.driver.get(url(""));
    await("#token").sendKeys("not-the-token");
    browser.screenshot("login");
    browser.driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    assertThat(await(".problem").getText()).contains("not this server's token");
    WebElement token = browser.driver.findElement(By.id("token"));
    token.clear();
    token.sendKeys(TOKEN);
    browser.driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    await("#catalog");
    assertThat(browser.driver.findElement(By.cssSelector(".who")).getText()).contains("admin");
    // The session is an HttpOnly cookie: the page's script cannot read it.
    assertThat((String) browser.js("return document.cookie")).doesNotContain("zeta_session");
    // This server has no cluster, so no event stream: the page does not ask for one (a 404 would be
    // a console error) and says it is not live.
    assertThat(browser.driver.findElement(By.id("live")).getText()).isEqualTo("not live");
    browser.errors();
  }

  @Test
  @Order(2)
  void catalogIsInteractiveWithin1sAndSearches() throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      browser.driver.get("about:blank");
      browser.driver.get(url("#/catalog"));
      browser.waiting(Duration.ofSeconds(20)).until(d -> browser.js("return document.body.dataset.catalog") != null);
      double ms = ((Number) browser.js("return performance.getEntriesByName('catalog-interactive')[0].startTime"))
          .doubleValue();
      best = Math.min(best, ms);
      System.out.printf("web console: catalog page (%s packages, 324 fixture versions + the project's) interactive "
          + "after %.0f ms%n", browser.js("return document.body.dataset.catalog"), ms);
    }
    assertThat(best).as("catalog interactive (ms)").isLessThan(1000);
    assertThat(browser.driver.findElements(By.cssSelector("#catalog .card")).size()).isGreaterThan(180);
    // Selected packages first, as package search orders them.
    assertThat(browser.driver.findElement(By.cssSelector("#catalog .card .badge.selected"))).isNotNull();
    assertThat(browser.driver.findElements(By.cssSelector("#catalog .card")).get(0).getText()).contains("Selected");
    browser.screenshot("catalog");
    WebElement search = browser.driver.findElement(By.id("search"));
    search.sendKeys("hello");
    browser.waiting(Duration.ofSeconds(10)).until(d -> "hello".equals(browser.js(
        "return [...document.querySelectorAll('#catalog .card')].map(c => c.dataset.package).find(n => n === 'hello')"))
        && browser.driver.findElements(By.cssSelector("#catalog .card")).size() < 20);
    browser.size(390, 844);
    browser.screenshot("catalog-phone");
    browser.size(1280, 900);
    assertThat(browser.errors()).isEmpty();
  }

  @Test
  @Order(3)
  void packagePageShowsVersionsMaintainerAndNotes() throws Exception {
    browser.driver.get(url("#/package/hello"));
    WebElement head = await("main.package h1");
    assertThat(head.getText()).contains("hello").contains("1.0.0");
    assertThat(browser.driver.findElement(By.cssSelector(".facts")).getText()).contains("zeta@example.org")
        .contains("shared-storage");
    assertThat(browser.driver.findElement(By.id("version")).getText()).contains("1.0.0");
    browser.screenshot("package");
    assertThat(browser.errors()).isEmpty();
  }

  @Test
  @Order(4)
  void serverValidationErrorsShowOnTheFieldThenThePreview() throws Exception {
    browser.driver.get(url("#/install/hello/1.0.0"));
    WebElement port = await("[data-pointer='/port']");
    assertThat(browser.driver.findElement(By.cssSelector("[data-pointer='/greeting']")).getAttribute("value"))
        .isEqualTo("Hello from Zeta");
    port.clear();
    port.sendKeys("70000");
    browser.driver.findElement(By.id("target-role")).sendKeys("team1");
    browser.driver.findElement(By.id("preview")).click();
    WebElement error = await("[data-pointer='/port'] ~ .error");
    assertThat(error.getText()).contains("65535");
    assertThat(port.getAttribute("aria-invalid")).isEqualTo("true");
    // The refused render is a 400 the browser logs; that one is expected.
    assertThat(browser.errors()).allMatch(e -> e.contains("/package/render") && e.contains("400"));
    browser.screenshot("install-error");
    port.clear();
    port.sendKeys("8080");
    browser.driver.findElement(By.id("preview")).click();
    WebElement preview = await("#preview-json");
    JsonNode app = Json.parse(preview.getText(), "preview");
    assertThat(app.path("id").asText()).isEqualTo("/team1/hello");
    assertThat(browser.driver.findElements(By.cssSelector(".error"))).isEmpty();
    browser.screenshot("install-preview");
    assertThat(browser.errors()).isEmpty();
  }

  @Test
  @Order(5)
  void everyFixtureFormRendersWithoutAConsoleError() throws Exception {
    List<Path> configs;
    try (Stream<Path> s = Files.walk(Fixtures.universePackages())) {
      configs = s.filter(p -> p.getFileName().toString().equals("config.json")).sorted().toList();
    }
    assertThat(configs).hasSizeGreaterThan(300);
    List<String> failures = new ArrayList<>();
    long t0 = System.nanoTime();
    browser.driver.get(url("#/catalog"));
    await("#catalog");
    for (Path config : configs) {
      JsonNode pkg = Json.parse(Files.readString(config.resolveSibling("package.json")), "package.json");
      String name = pkg.get("name").asText();
      String version = pkg.get("version").asText();
      int leaves = leaves(Json.parse(Files.readString(config), "config.json"));
      // One round trip per form: the page is told where to go and answers once the form is there.
      Object fieldCount = browser.driver.executeAsyncScript(
          "const [hash, version, done] = arguments; location.hash = hash; const t0 = Date.now();"
              + "(function poll() { const f = document.getElementById('install-form');"
              + " const h = document.querySelector('main.install h1');"
              + " if (f && h && h.textContent.includes(version)) return done(f.querySelectorAll("
              + "'[data-pointer]:is(input,select,textarea)').length);"
              + " if (document.querySelector('main .problem') || Date.now() - t0 > 20000) return done(-1);"
              + " setTimeout(poll, 5); })();",
          "#/install/" + enc(name) + "/" + enc(version), version);
      long fields = ((Number) fieldCount).longValue();
      List<String> errors = browser.errors();
      // A form for every schema with options, and no console error (the field counts differ where
      // a schema nests objects in ways the count below does not follow: not checked).
      if (!errors.isEmpty() || fields < 0 || (leaves > 0 && fields == 0)
          || !browser.driver.findElements(By.cssSelector("main .problem")).isEmpty()) {
        failures.add(name + "@" + version + ": " + fields + " fields of " + leaves + " options; " + errors);
      }
    }
    System.out.printf("web console: %d install forms rendered in %.1f s%n", configs.size(),
        (System.nanoTime() - t0) / 1e9);
    assertThat(failures).isEmpty();
  }

  /** The options a form shows a field for: every property that is not an object with properties of its own. */
  static int leaves(JsonNode schema) {
    int n = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
      JsonNode s = it.next().getValue();
      boolean object = (s.path("type").asText("").equals("object") || (!s.has("type") && s.has("properties")))
          && s.path("properties").isObject();
      n += object ? leaves(s) : 1;
    }
    return n;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
