package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.SchedulerToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code cluster set --scheduler URL --scheduler-token-file FILE}: where the cluster's Marathon is. */
final class SchedulerSettings implements ClusterSetting {
  @Option(names = "--scheduler", paramLabel = "local|URL",
      description = "'local' for the embedded scheduler, or Marathon's http(s) URL. Checked for syntax; "
          + "a URL that does not answer is only a warning.")
  String scheduler;

  @Option(names = "--scheduler-token-file", paramLabel = "FILE",
      description = "A file holding Marathon's DC/OS token ('-' for stdin); kept in "
          + "/zeta/kstore/secrets/scheduler-token, mode 0600.")
  String tokenFile;

  private String token;

  @Override
  public boolean given() {
    return scheduler != null || tokenFile != null;
  }

  @Override
  public void validate(ZetaEnv env) {
    if (scheduler != null && !scheduler.equals("local")) {
      try {
        URI uri = new URI(scheduler);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
          throw new ZetaException("--scheduler must be 'local' or Marathon's http(s) URL, got '" + scheduler + "'",
              "e.g. --scheduler https://leader.mesos/marathon", null);
        }
      } catch (java.net.URISyntaxException e) {
        throw new ZetaException("--scheduler must be 'local' or Marathon's http(s) URL, got '" + scheduler + "'",
            "e.g. --scheduler https://leader.mesos/marathon", null);
      }
    }
    if (tokenFile != null) {
      token = readToken(env, tokenFile);
    }
  }

  @Override
  public Cluster apply(Cluster cluster, ZetaEnv env) throws IOException {
    return cluster.withScheduler(scheduler, token);
  }

  /** Whether Marathon answers /v2/info (any HTTP answer counts: 401 means it is there). */
  @Override
  public List<String> warnings(ZetaEnv env) {
    List<String> warnings = new ArrayList<>();
    if (scheduler == null || scheduler.equals("local")) {
      return warnings;
    }
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
      client.send(HttpRequest.newBuilder(URI.create(scheduler.replaceAll("/+$", "") + "/v2/info"))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException | IllegalArgumentException e) {
      warnings.add("the scheduler at " + scheduler + " does not answer now (" + io.zeta.Causes.describe(e)
          + "); it was set anyway");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return warnings;
  }

  @Override
  public void describe(Cluster cluster, ObjectNode into) {
    into.put("scheduler", cluster.config().scheduler());
    if (tokenFile != null) {
      into.put("schedulerTokenFile", true);
    }
  }

  /** A token file's content ('-': standard input), bounded and checked. */
  static String readToken(ZetaEnv env, String file) {
    try {
      byte[] bytes;
      if ("-".equals(file)) {
        bytes = env.in().readNBytes(SchedulerToken.MAX_BYTES + 1);
      } else {
        Path p = env.cwd().resolve(file);
        if (!Files.isRegularFile(p)) {
          throw new ZetaException("--scheduler-token-file " + file + ": not a readable file",
              "give the path of a file holding the DC/OS token", null);
        }
        try (InputStream in = Files.newInputStream(p)) {
          bytes = in.readNBytes(SchedulerToken.MAX_BYTES + 1);
        }
      }
      return SchedulerToken.validate(new String(bytes, StandardCharsets.UTF_8), "--scheduler-token-file " + file);
    } catch (IOException e) {
      throw new ZetaException("--scheduler-token-file " + file + ": " + io.zeta.Causes.describe(e),
          "give the path of a file holding the DC/OS token", e);
    }
  }
}
