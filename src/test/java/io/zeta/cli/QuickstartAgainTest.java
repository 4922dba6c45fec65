package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.testing.Cli;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `quickstart; agent stop; quickstart`: the second agent starts hello again by itself, and the
 * second quickstart waits for that deployment instead of failing on the app's lock.
 */
class QuickstartAgainTest {
  private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)\\s*$", Pattern.MULTILINE);
  @TempDir
  Path home;

  @AfterEach
  void cleanUp() throws IOException {
    new Cli(home).run("registry", "stop");
    Path agents = home.resolve("agents");
    if (Files.isDirectory(agents)) {
      try (Stream<Path> dirs = Files.list(agents)) {
        dirs.forEach(AgentProcesses::cleanUp);
      }
    }
  }

  private static String page(String output) throws Exception {
    Matcher m = URL.matcher(output);
    assertThat(m.find()).as(output).isTrue();
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1)))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static final Pattern SERVE = Pattern.compile("zeta serve \\(the DC/OS API\\) at (http://127\\.0\\.0\\.1:(\\d+)) "
      + "\\(pid (\\d+)");
  private static final Pattern AGENT = Pattern.compile("embedded scheduler at http://127\\.0\\.0\\.1:(\\d+)");

  /** The quickstart's zeta serve answers with its token, on another port than the agent; its pid. */
  private long serveAnswers(Cli.Result r) throws Exception {
    Matcher m = SERVE.matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    Matcher a = AGENT.matcher(r.out());
    assertThat(a.find()).as(r.out()).isTrue();
    assertThat(m.group(2)).isNotEqualTo(a.group(1));
    String token = Files.readString(home.resolve("serve.token")).trim();
    HttpResponse<String> meta = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1) + "/metadata"))
        .header("Authorization", "token=" + token).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(meta.statusCode()).as(meta.body()).isEqualTo(200);
    assertThat(meta.body()).contains("CLUSTER_ID");
    return Long.parseLong(m.group(3));
  }

  @Test
  void quickstartAgainAfterTheAgentStopped() throws Exception {
    Cli cli = new Cli(home);
    Cli.Result first = cli.ok("quickstart");
    assertThat(page(first.out())).isNotBlank();
    if (io.zeta.images.EmbeddedRegistry.installed()) {
      assertThat(first.out()).contains("started the image registry at 127.0.0.1:");
    } else {
      assertThat(first.out()).contains("no image registry: docker-registry is not installed");
    }
    assertThat(first.out()).contains("quickstart: started zeta serve");
    long serve = serveAnswers(first);

    Cli.Result stop = cli.ok("agent", "stop");
    assertThat(stop.out()).contains("zeta serve stopped (pid " + serve + ")");
    assertThat(ProcessHandle.of(serve).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    Cli.Result second = cli.ok("quickstart");
    assertThat(second.out()).contains("quickstart: started the embedded scheduler")
        .contains("reusing the installed instance demo/hello").contains("hello is running; open it at:");
    assertThat(page(second.out())).isEqualTo(page(first.out()));
    long again = serveAnswers(second);

    // And once more while it runs: everything is reused.
    Cli.Result third = cli.ok("quickstart");
    assertThat(third.out()).contains("reusing the embedded scheduler").contains("quickstart: reusing zeta serve");
    assertThat(serveAnswers(third)).isEqualTo(again);
    if (io.zeta.images.EmbeddedRegistry.installed()) {
      assertThat(third.out()).contains("reusing the image registry at 127.0.0.1:");
    }
    assertThat(page(third.out())).isNotBlank();
  }
}
