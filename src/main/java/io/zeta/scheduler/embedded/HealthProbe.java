package io.zeta.scheduler.embedded;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes one health check of one task. HTTP(S) is healthy for status 200-399 within the timeout,
 * TCP when a connection opens, COMMAND when {@code sh -c} exits 0. The result is empty when
 * healthy, otherwise why not.
 */
final class HealthProbe {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();
  /** Tasks serve self-signed certificates; Marathon does not check them either. */
  private static final HttpClient HTTPS = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .sslContext(io.zeta.scheduler.SchedulerTls.trustingAnything())
      .build();

  private HealthProbe() {}

  static Optional<String> check(HealthCheckSpec check, LocalTask task) {
    return check(check, task, null);
  }

  /** COMMAND checks of container tasks run inside the container ({@code podman exec}), as Mesos runs them. */
  static Optional<String> check(HealthCheckSpec check, LocalTask task, ContainerRuntime containers) {
    if (check.protocol() == HealthCheckSpec.Protocol.COMMAND) {
      if (task.spec.container() != null && containers != null) {
        return check.command() == null ? Optional.of("a COMMAND health check needs command.value")
            : containers.exec(task.id, check.command(), positive(check.timeout()));
      }
      return command(check, task);
    }
    Integer port = check.port() != null ? check.port()
        : check.portIndex() < task.ports.size() ? task.ports.get(check.portIndex()) : null;
    if (port == null) {
      return Optional.of("the task has no port at portIndex " + check.portIndex());
    }
    return switch (check.protocol()) {
      case TCP -> tcp(port, check.timeout());
      case HTTPS -> http(HTTPS, "https", port, check);
      default -> http(HTTP, "http", port, check);
    };
  }

  private static Optional<String> tcp(int port, Duration timeout) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(TaskEnvironment.HOST, port), (int) Math.max(1, timeout.toMillis()));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("TCP connection to port " + port + " failed: " + e.getMessage());
    }
  }

  private static Optional<String> http(HttpClient client, String scheme, int port, HealthCheckSpec check) {
    String path = check.path().startsWith("/") ? check.path() : "/" + check.path();
    URI uri = URI.create(scheme + "://" + TaskEnvironment.HOST + ":" + port + path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(positive(check.timeout())).GET().build();
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status <= 399 ? Optional.empty() : Optional.of(uri + " answered " + status);
    } catch (IOException e) {
      return Optional.of(uri + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  private static Optional<String> command(HealthCheckSpec check, LocalTask task) {
    if (check.command() == null) {
      return Optional.of("a COMMAND health check needs command.value");
    }
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", check.command())
        .directory(task.sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    pb.environment().putAll(task.env);
    try {
      Process p = pb.start();
      if (!p.waitFor(positive(check.timeout()).toMillis(), TimeUnit.MILLISECONDS)) {
        ProcessTree.terminate(p.toHandle(), Duration.ZERO);
        return Optional.of("command timed out after " + check.timeout().toSeconds() + " s");
      }
      return p.exitValue() == 0 ? Optional.empty() : Optional.of("command exited with " + p.exitValue());
    } catch (IOException e) {
      return Optional.of("command could not start: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  private static Duration positive(Duration d) {
    return d.isZero() || d.isNegative() ? Duration.ofSeconds(1) : d;
  }

}
