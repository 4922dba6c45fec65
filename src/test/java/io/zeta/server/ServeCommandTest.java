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
      HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(url.resolve("/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("acsjwt");
    } finally {
      serve.process().destroy();
      assertThat(serve.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void refusesToListenBeyondLoopback() {
    Cli.Result r = new Cli(tmp.resolve("home")).run("serve", "--bind", "0.0.0.0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("127.0.0.1 only");
    assertThat(tmp.resolve("home").resolve("serve.token")).doesNotExist();
  }

  private static URI awaitUrl(CliProcess.Running serve) throws InterruptedException {
    Pattern p = Pattern.compile("Cosmos API at (http://127\\.0\\.0\\.1:[0-9]+)");
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
