package io.zeta.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.RepositoryList;
import io.zeta.catalog.RepositoryRef;
import io.zeta.catalog.UserRepositoryStore;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.json.Json;
import io.zeta.render.StorageEnvelope;
import io.zeta.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load test, wrk-style: 32 clients on 127.0.0.1, each sending its share of
 * {@code zeta.serve.load.requests} (default 640, kept small for the suite) search, then describe, requests back to back
 * over kept-alive connections, against the fixtures' 324 Universe versions plus helloworld.
 * Prints requests per second and p99; fails on any error. {@code bench/serve-bench.sh} runs it longer.
 */
class CosmosServerLoadTest {
  static final int CLIENTS = 32;
  static final String TOKEN = "load-token-0123456789";
  @TempDir
  Path tmp;

  @Test
  void searchAndDescribeUnder32ConcurrentClientsWithoutErrors() throws Exception {
    int requests = Integer.getInteger("zeta.serve.load.requests", 640);
    ObjectNode golden = (ObjectNode) Json.parse(Files.readAllBytes(Fixtures.cosmos("cli-golden")
        .resolve("test_describe_helloworld_app_render.json")), "golden");
    ObjectNode repo = Json.object();
    repo.putArray("packages").add(StorageEnvelope.decode(Json.parse(new String(Base64.getDecoder()
        .decode(golden.at("/labels/DCOS_PACKAGE_DEFINITION").asText()), StandardCharsets.UTF_8), "label")));
    Path index = Files.write(tmp.resolve("repo.json"), Json.prettyBytes(repo));
    RepositoryList list = new RepositoryList(new UserRepositoryStore(tmp.resolve("home")));
    list.add(new RepositoryRef("helloworld-universe", index.toUri().toString()), null);
    list.add(new RepositoryRef("universe", Fixtures.universePackages().toUri().toString()), null);
    try (CosmosServer server = CosmosServer.start(HttpServerConfig.loopback(0).withToken(TOKEN),
        new Packages(list, tmp.resolve("cache"), Duration.ofMinutes(1)), tmp.resolve("cache"),
        ServedCluster.of("load", "/x"), Optional.empty(), RequestLog.NONE)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI base = URI.create("http://127.0.0.1:" + server.port());
      HttpRequest search = rpc(base, "search", "{\"query\": \"kafka\"}", "v1");
      HttpRequest describe = rpc(base, "describe", "{\"packageName\": \"helloworld\"}", "v3");
      run(http, search, CLIENTS * 2); // warm-up: JIT, catalog opened, connections made
      run(http, describe, CLIENTS * 2);
      report("search", run(http, search, requests), requests);
      report("describe", run(http, describe, requests), requests);
    }
  }

  record Result(long nanos, long[] latencies, int errors, String firstError) {}

  static HttpRequest rpc(URI base, String endpoint, String body, String version) {
    return HttpRequest.newBuilder(base.resolve("/package/" + endpoint))
        .header("Content-Type", "application/vnd.dcos.package." + endpoint + "-request+json;charset=utf-8;version=v1")
        .header("Accept", "application/vnd.dcos.package." + endpoint + "-response+json;charset=utf-8;version=" + version)
        .header("Authorization", "token=" + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  static Result run(HttpClient http, HttpRequest request, int total) throws Exception {
    long[] latencies = new long[total];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    String[] firstError = new String[1];
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    long t0 = System.nanoTime();
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
            long s = System.nanoTime();
            try {
              HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
              if (r.statusCode() != 200) {
                errors.incrementAndGet();
                firstError[0] = r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
              }
            } catch (Exception e) {
              errors.incrementAndGet();
              firstError[0] = e.toString();
            }
            latencies[i] = System.nanoTime() - s;
          }
          return null;
        }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(System.nanoTime() - t0, latencies, errors.get(), firstError[0]);
  }

  static void report(String what, Result r, int requests) {
    assertThat(r.errors()).as("errors of %s, first: %s", what, r.firstError()).isZero();
    long[] sorted = r.latencies().clone();
    Arrays.sort(sorted);
    double rps = requests / (r.nanos() / 1e9);
    System.out.printf("serve load: %s: %d requests, %d clients: %.0f requests/s, p50 %.2f ms, p99 %.2f ms, "
        + "max %.2f ms, errors 0%n", what, requests, CLIENTS, rps, sorted[sorted.length / 2] / 1e6,
        sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6, sorted[sorted.length - 1] / 1e6);
  }
}
