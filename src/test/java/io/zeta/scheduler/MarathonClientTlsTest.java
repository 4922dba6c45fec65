package io.zeta.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS schedulers: a given trust store, trust-all for tests, and refusal of an unknown certificate. */
class MarathonClientTlsTest {
  private static final String PASSWORD = "changeit";
  @TempDir
  static Path dir;
  static Path keystore;
  static HttpsServer server;
  static String url;

  @BeforeAll
  static void startHttpsServer() throws Exception {
    keystore = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=zeta-test", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    KeyStore ks = KeyStore.getInstance(keystore.toFile(), PASSWORD.toCharArray());
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext("/ping", exchange -> {
      byte[] pong = "pong".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, pong.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(pong);
      }
    });
    server.start();
    url = "https://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void trustsTheGivenTrustStore() {
    MarathonClient.of(url, ClientSettings.defaults().withTrustStore(keystore, PASSWORD)).ping();
  }

  @Test
  void insecureTrustsAnything() {
    MarathonClient.of(url.replace("127.0.0.1", "localhost"), ClientSettings.defaults().withInsecure(true)).ping();
  }

  @Test
  void refusesAnUnknownCertificateWithoutRetrying() {
    ClientSettings settings = ClientSettings.defaults()
        .withRetry(new RetryPolicy(2, Duration.ofMillis(10), 1, Duration.ofMillis(10)));
    assertThatThrownBy(() -> MarathonClient.of(url, settings).ping())
        .isInstanceOf(SchedulerUnreachableException.class)
        .hasMessageContaining("unreachable: ")
        .hasMessageContaining("(2 attempts)");
  }

  @Test
  void aMissingTrustStoreIsNamed() {
    Path missing = dir.resolve("missing.p12");
    assertThatThrownBy(() -> MarathonClient.of(url, ClientSettings.defaults().withTrustStore(missing, PASSWORD)))
        .hasMessageStartingWith("cannot read the trust store " + missing);
  }

}
