package io.zeta.bench;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterInitializer;
import io.zeta.cluster.storage.HadoopStorage;
import io.zeta.lifecycle.ArtifactFetcher;
import io.zeta.lifecycle.Progress;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Staging one artifact from an HTTP server into a file: cluster, sha256 checked: the transfer part
 * of `zeta package stage`. bench/stage-throughput.sh serves the file and compares with curl.
 * Properties: bench.url (the artifact), bench.sha256.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class StageThroughputBenchmark {
  Cluster cluster;
  ArtifactFetcher fetcher;
  URI url;
  int run;

  @Setup
  public void setUp() throws Exception {
    URI root = Files.createTempDirectory("zeta-bench-stage").toUri();
    try (HadoopStorage storage = HadoopStorage.open(root)) {
      ClusterInitializer.init(storage, "bench", "local", System.getProperty("user.name"), List.of(), null);
    }
    cluster = Cluster.open(root);
    fetcher = new ArtifactFetcher(new Configuration());
    url = URI.create(System.getProperty("bench.url"));
  }

  @TearDown
  public void tearDown() throws Exception {
    cluster.storage().delete("/zeta/shared/bench", true);
    cluster.close();
  }

  @Benchmark
  public long fetchWithSha256() throws Exception {
    String dest = "/zeta/shared/bench/run" + (run++) + "/artifact.bin";
    long size = fetcher.fetch("artifact", url, cluster.storage(), dest,
        Optional.of(System.getProperty("bench.sha256")), Progress.NONE).size();
    cluster.storage().delete(dest, false);
    return size;
  }
}
