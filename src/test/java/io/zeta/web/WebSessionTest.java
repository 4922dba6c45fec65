package io.zeta.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.catalog.RepositoryList;
import io.zeta.catalog.RepositoryRef;
import io.zeta.catalog.UserRepositoryStore;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.json.Json;
import io.zeta.server.Authentication;
import io.zeta.server.CosmosServer;
import io.zeta.server.Packages;
import io.zeta.server.ServedCluster;
import io.zeta.server.ServerAudit;
import io.zeta.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's server side over real HTTP: its files are public and locked down (CSP, no framing),
 * everything else needs the session cookie or a token; the login sets an HttpOnly SameSite=Strict
 * cookie; every change with the cookie needs the session's CSRF token; logout ends the session;
 * icons come from this server.
 */
class WebSessionTest {
  static final String TOKEN = "session-test-token-0123456789";
  static final String RENDER = "application/vnd.dcos.package.render";
  @TempDir
  static Path tmp;
  static CosmosServer server;

  @BeforeAll
  static void start() throws Exception {
    RepositoryList list = new RepositoryList(new UserRepositoryStore(tmp.resolve("home")));
    list.add(new RepositoryRef("zeta", Fixtures.projectPackages().toUri().toString()), null);
    Packages packages = new Packages(list, tmp.resolve("cache"), Duration.ofMinutes(1));
    Authentication auth = Authentication.localOnly(TOKEN);
    WebConsole console = new WebConsole(packages, Optional.empty(), auth, false, false, Optional.empty());
    server = CosmosServer.start(HttpServerConfig.loopback(0).withToken(TOKEN), packages, tmp.resolve("cache"),
        ServedCluster.of("t", "/x"), Optional.empty(), auth, ServerAudit.none(), Optional.empty(), Optional.empty(),
        RequestLog.NONE, console.resources(), console::authenticator);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpRequest.Builder req(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
  }

  static HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
    // A new connection each time: a request refused before its body is read may end its connection.
    return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.Builder render(String cookie, String csrf) {
    HttpRequest.Builder b = req("/package/render").header("Cookie", cookie)
        .header("Content-Type", RENDER + "-request+json;charset=utf-8;version=v1")
        .header("Accept", RENDER + "-response+json;charset=utf-8;version=v1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"packageName\": \"hello\"}"));
    return csrf == null ? b : b.header("X-CSRF-Token", csrf);
  }

  @Test
  void filesArePublicAndLockedDownTheRestNeedsASession() throws Exception {
    HttpResponse<String> page = send(req("/"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(page.body()).doesNotContain("http://").doesNotContain("https://");
    assertThat(send(req("/console/vendor/htm-preact.js")).statusCode()).isEqualTo(200);
    HttpResponse<String> outside = send(req("/console/%2e%2e/pom.xml"));
    assertThat(outside.statusCode()).isNotEqualTo(200);
    assertThat(outside.body()).doesNotContain("<project");
    assertThat(send(req("/console/nothing.js")).statusCode()).isEqualTo(404);
    assertThat(send(req("/zeta/v1/catalog")).statusCode()).isEqualTo(401);
    assertThat(send(req("/zeta/v1/catalog").header("Cookie", "zeta_session=forged")).statusCode()).isEqualTo(401);
    assertThat(Json.parse(send(req("/zeta/v1/web/session")).body(), "s").get("principal").isNull()).isTrue();
  }

  @Test
  void loginCookieCsrfAndLogout() throws Exception {
    HttpResponse<String> wrong = send(req("/zeta/v1/web/session").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"nope\"}")));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> login = send(req("/zeta/v1/web/session").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + TOKEN + "\"}")));
    assertThat(login.statusCode()).isEqualTo(200);
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("zeta_session=").contains("HttpOnly").contains("SameSite=Strict")
        .contains("Path=/").doesNotContain("Secure");
    String cookie = setCookie.split(";")[0];
    assertThat(cookie.substring("zeta_session=".length())).doesNotContain(TOKEN).hasSizeGreaterThan(40);
    String csrf = Json.parse(login.body(), "login").get("csrfToken").asText();
    assertThat(Json.parse(send(req("/zeta/v1/web/session").header("Cookie", cookie)).body(), "s")
        .get("csrfToken").asText()).isEqualTo(csrf);

    assertThat(send(req("/zeta/v1/catalog").header("Cookie", cookie)).statusCode()).isEqualTo(200);
    // A change with the cookie but without (or with another) CSRF token is refused; with it, it runs.
    assertThat(send(render(cookie, null)).statusCode()).isEqualTo(403);
    assertThat(send(render(cookie, "x" + csrf)).statusCode()).isEqualTo(403);
    assertThat(send(render(cookie, csrf)).statusCode()).isEqualTo(200);
    // The API's token still works without a cookie or a CSRF token (scripts, the DC/OS CLI).
    assertThat(send(render("", null).header("Authorization", "token=" + TOKEN)).statusCode()).isEqualTo(200);

    assertThat(send(req("/zeta/v1/web/session").header("Cookie", cookie).DELETE()).statusCode()).isEqualTo(403);
    HttpResponse<String> out = send(req("/zeta/v1/web/session").header("Cookie", cookie).header("X-CSRF-Token", csrf)
        .DELETE());
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElse("")).contains("Max-Age=0");
    assertThat(send(req("/zeta/v1/catalog").header("Cookie", cookie)).statusCode()).isEqualTo(401);
  }

  @Test
  void iconsComeFromThisServer() throws Exception {
    HttpResponse<String> catalog = send(req("/zeta/v1/catalog?q=hello").header("Authorization", "token=" + TOKEN));
    String icon = Json.parse(catalog.body(), "c").at("/packages/0/icon").asText();
    assertThat(icon).startsWith("/zeta/v1/catalog/hello/icon");
    HttpResponse<String> r = send(req(icon).header("Authorization", "token=" + TOKEN));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/svg+xml");
    assertThat(r.body()).startsWith("<svg").contains(">H<");
    assertThat(List.of(r.headers().firstValue("Content-Security-Policy").orElse(""))).allMatch(s -> !s.isEmpty());
  }
}
