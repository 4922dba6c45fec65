package io.zeta.bench;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterInitializer;
import io.zeta.cluster.storage.HadoopStorage;
import io.zeta.lifecycle.ArtifactFetcher;
import io.zeta.lifecycle.Progress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Paired comparison of staging an artifact (fetch into a file: cluster, sha256 checked) against
 * {@code curl -o} of the same URL into the same directory. The runs alternate, so that the noise of
 * a shared machine (a neighbour's load) hits both sides alike, and each run starts after a
 * {@code sync}, so that no run pays for the writeback of the one before; the result is
 * the median of the per-pair ratios curl/zeta (1.0 = as fast as curl).
 *
 * <p>Usage: {@code StageVersusCurl URL SHA256 [PAIRS]}; bench/stage-throughput.sh runs it.
 */
public final class StageVersusCurl {
  private StageVersusCurl() {}

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    String sha256 = args[1];
    int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    Path dir = Files.createTempDirectory("zeta-bench-stage");
    URI root = dir.toUri();
    try (HadoopStorage storage = HadoopStorage.open(root)) {
      ClusterInitializer.init(storage, "bench", "local", System.getProperty("user.name"), List.of(), null);
    }
    ArtifactFetcher fetcher = new ArtifactFetcher(new Configuration());
    try (Cluster cluster = Cluster.open(root)) {
      for (int i = 0; i < 2; i++) {
        zeta(fetcher, cluster, url, sha256, "warmup" + i);
      }
      List<Double> curlTimes = new ArrayList<>();
      List<Double> zetaTimes = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        double c = curl(url, dir.resolve("zeta/shared/curl.out"));
        double z = zeta(fetcher, cluster, url, sha256, "run" + i);
        curlTimes.add(c);
        zetaTimes.add(z);
        ratios.add(c / z);
        System.out.printf("pair %d: curl -o %.2f s, zeta fetch+sha256 %.2f s, ratio %.2f%n", i + 1, c, z, c / z);
      }
      System.out.printf("median: curl -o %.2f s, zeta %.2f s; median ratio curl/zeta %.2f%n",
          median(curlTimes), median(zetaTimes), median(ratios));
    }
  }

  private static double zeta(ArtifactFetcher fetcher, Cluster cluster, URI url, String sha256, String name) throws Exception {
    String dest = "/zeta/shared/bench/" + name + "/artifact.bin";
    sync();
    long t0 = System.nanoTime();
    fetcher.fetch("artifact", url, cluster.storage(), dest, Optional.of(sha256), Progress.NONE);
    double seconds = (System.nanoTime() - t0) / 1e9;
    cluster.storage().delete("/zeta/shared/bench/" + name, true);
    return seconds;
  }

  private static double curl(URI url, Path out) throws Exception {
    sync();
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("curl", "-sSf", "-o", out.toString(), url.toString()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("curl failed");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Files.delete(out);
    return seconds;
  }

  private static void sync() throws Exception {
    new ProcessBuilder("sync").inheritIO().start().waitFor();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
