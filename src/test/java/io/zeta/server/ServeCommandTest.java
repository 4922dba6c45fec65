package io.zeta.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.render.StorageEnvelope;
import io.zeta.testing.Cli;
import io.zeta.testing.CliProcess;
import io.zeta.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zeta serve} as a user runs it: a separate JVM, its token file, the DC/OS CLI's requests. */
class ServeCommandTest {
  @TempDir
  Path tmp;

  @Test
  void servesTheUsersRepositoriesWithAnOwnerOnlyTokenUntilStopped() throws Exception {
    Path home = tmp.resolve("home");
    ObjectNode golden = (ObjectNode) Json.parse(Files.readAllBytes(Fixtures.cosmos("cli-golden")
        .resolve("test_describe_helloworld_app_render.json")), "golden");
    ObjectNode repo = Json.object();
    repo.putArray("packages").add(StorageEnvelope.decode(Json.parse(new String(Base64.getDecoder()
        .decode(golden.at("/labels/DCOS_PACKAGE_DEFINITION").asText()), StandardCharsets.UTF_8), "label")));
    Path index = Files.write(tmp.resolve("repo.json"), Json.prettyBytes(repo));
    new Cli(home).ok("package", "repo", "add", "hello", index.toString());

    Path tokenFile = tmp.resolve("serve.token");
    CliProcess.Running serve = new CliProcess(tmp).env("ZETA_HOME", home.toString()).without("ZETA_CLUSTER")
        .start("serve", "--port", "0", "--token-file", tokenFile.toString());
    try {
      URI url = awaitUrl(serve);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
      String token = Files.readString(tokenFile).trim();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> caps = http.send(HttpRequest.newBuilder(url.resolve("/capabilities"))
          .header("Accept", "application/vnd.dcos.capabilities+json;charset=utf-8;version=v1")
          .header("Authorization", "token=" + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(caps.statusCode()).isEqualTo(200);
      assertThat(caps.body()).contains("PACKAGE_MANAGEMENT");
      HttpResponse<String> search = http.send(HttpRequest.newBuilder(url.resolve("/package/search"))
          .header("Content-Type", "application/vnd.dcos.package.search-request+json;charset=utf-8;version=v1")
          .header("Accept", "application/vnd.dcos.package.search-response+json;charset=utf-8;version=v1")
          .header("Authorization", "token=" + token)
          .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"hello\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
      assertThat(Json.parse(search.body(), "search").at("/packages/0/name").asText()).isEqualTo("helloworld");
      // "/" is the web console's page (public); the APIs need the token.
      HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(url.resolve("/capabilities")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("acsjwt");
    } finally {
      serve.process().destroy();
      assertThat(serve.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutTls() {
    Cli.Result r = new Cli(tmp.resolve("home")).run("serve", "--bind", "0.0.0.0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("127.0.0.1 only").contains("--tls-cert");
    assertThat(r.err()).doesNotContain("Exception");
    assertThat(tmp.resolve("home").resolve("serve.token")).doesNotExist();
  }

  @Test
  void badTlsOptionsAreRefusedInOneLineAndWriteNothing() throws Exception {
    Path notPem = Files.writeString(tmp.resolve("not.pem"), "hello\n");
    Cli cli = new Cli(tmp.resolve("home"));
    Cli.Result half = cli.run("serve", "--tls-cert", notPem.toString());
    assertThat(half.exit()).isEqualTo(2);
    assertThat(half.err()).contains("--tls-cert and --tls-key go together");
    Cli.Result bad = cli.run("serve", "--tls-cert", notPem.toString(), "--tls-key", notPem.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("TLS: ").contains("not.pem").doesNotContain("Exception");
    assertThat(tmp.resolve("home").resolve("serve.token")).doesNotExist();
  }

  /** A self-signed certificate for 127.0.0.1 made by openssl, as testing.Slapd makes its own. */
  static void selfSigned(Path cert, Path key) throws Exception {
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(),
        "-out", cert.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(log).isTrue();
  }

  /** A java.net.http client that trusts exactly this certificate. */
  static HttpClient trusting(Path cert) throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = Files.newInputStream(cert)) {
      trust.setCertificateEntry("server", java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(java.time.Duration.ofSeconds(5)).build();
  }

  @Test
  void aPkcs12KeyStoreServesHttpsToo() throws Exception {
    Path cert = tmp.resolve("p12.pem");
    Path key = tmp.resolve("p12.key");
    selfSigned(cert, key);
    Path p12 = tmp.resolve("server.p12");
    Process p = new ProcessBuilder("openssl", "pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(),
        "-out", p12.toString(), "-passout", "pass:store-pw-1").redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(log).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.zeta.http.TlsIdentity.fromPkcs12(p12, "wrong"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server.p12");
    io.zeta.catalog.RepositoryList list = new io.zeta.catalog.RepositoryList(
        new io.zeta.catalog.UserRepositoryStore(tmp.resolve("home")));
    try (CosmosServer s = CosmosServer.start(io.zeta.http.HttpServerConfig.loopback(0).withToken("t0123456789")
        .withTls(io.zeta.http.TlsIdentity.fromPkcs12(p12, "store-pw-1")), new Packages(list, tmp.resolve("cache"),
        java.time.Duration.ofMinutes(1)), tmp.resolve("cache"), ServedCluster.of("t", "/t"), java.util.Optional.empty(),
        io.zeta.http.RequestLog.NONE)) {
      assertThat(s.url().getScheme()).isEqualTo("https");
      HttpResponse<String> meta = trusting(cert).send(HttpRequest.newBuilder(s.url().resolve("/metadata"))
          .header("Authorization", "token=t0123456789").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(meta.statusCode()).as(meta.body()).isEqualTo(200);
    }
  }

  @Test
  void servesHttpsWithTheGivenCertificate() throws Exception {
    Path cert = tmp.resolve("server.pem");
    Path key = tmp.resolve("server.key");
    selfSigned(cert, key);
    Path home = tmp.resolve("home");
    Path tokenFile = tmp.resolve("serve.token");
    CliProcess.Running serve = new CliProcess(tmp).env("ZETA_HOME", home.toString()).without("ZETA_CLUSTER")
        .start("serve", "--port", "0", "--token-file", tokenFile.toString(), "--tls-cert", cert.toString(),
            "--tls-key", key.toString());
    try {
      URI url = awaitUrl(serve);
      assertThat(url.getScheme()).isEqualTo("https");
      String token = Files.readString(tokenFile).trim();
      HttpResponse<String> meta = trusting(cert).send(HttpRequest.newBuilder(url.resolve("/metadata"))
          .header("Authorization", "token=" + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(meta.statusCode()).as(meta.body()).isEqualTo(200);
      assertThat(meta.body()).contains("CLUSTER_ID");
      // A client that does not trust the certificate gets no answer.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(url.resolve("/metadata")).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(java.io.IOException.class);
      // Nor does plain HTTP on the TLS port.
      URI plain = URI.create("http://127.0.0.1:" + url.getPort() + "/metadata");
      int status;
      try {
        status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(plain).header("Authorization", "token=" + token)
            .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
      } catch (java.io.IOException e) {
        status = -1;
      }
      assertThat(status).isNotEqualTo(200);
    } finally {
      serve.process().destroy();
      assertThat(serve.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static URI awaitUrl(CliProcess.Running serve) throws InterruptedException {
    Pattern p = Pattern.compile("Cosmos API at (https?://127\\.0\\.0\\.1:[0-9]+)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = p.matcher(serve.out());
      if (m.find()) {
        return URI.create(m.group(1));
      }
      if (!serve.process().isAlive()) {
        throw new AssertionError("zeta serve exited: " + serve.err());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("zeta serve printed no URL: " + serve.out() + serve.err());
  }
}
