package io.zeta.bench;

import io.zeta.catalog.DirectoryRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading the 324-version Universe fixture repository: a cold scan validates every version
 * against Universe's schemas; a warm one reuses the scan cache (file names, sizes and times).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class RepositoryLoadBenchmark {
  Path fixtures;
  Path warmCache;
  Path coldCache;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    fixtures = Path.of(System.getProperty("zeta.fixtures", "../shared/fixtures")).resolve("universe/packages");
    warmCache = Files.createTempDirectory("zeta-bench-cache");
    DirectoryRepository.open("u", fixtures.toString(), fixtures, warmCache);
  }

  @Setup(Level.Invocation)
  public void freshColdCache() throws IOException {
    coldCache = Files.createTempDirectory("zeta-bench-cold");
  }

  @Benchmark
  public int coldScanValidatesEveryVersion() {
    return DirectoryRepository.open("u", fixtures.toString(), fixtures, coldCache).listing().size();
  }

  @Benchmark
  public int warmScanFromCache() {
    return DirectoryRepository.open("u", fixtures.toString(), fixtures, warmCache).listing().size();
  }
}
