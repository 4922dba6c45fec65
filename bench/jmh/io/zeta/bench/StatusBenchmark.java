package io.zeta.bench;

import io.zeta.cluster.Cluster;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.lifecycle.StatusQuery;
import io.zeta.testing.MiniHdfs;
import java.net.URI;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code zeta package status} (the whole report: every package, every instance, operations in
 * progress) on a cluster of 1,000 instances in 10 roles, on the local filesystem and on HDFS.
 * On HDFS the NameNode's own RPC counter gives the NameNode calls each status makes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StatusBenchmark {
  @Param({"file", "hdfs"})
  String fs;

  @Param({"10"})
  int roles;

  @Param({"100"})
  int perRole;

  MiniHdfs hdfs;
  Cluster cluster;
  StatusQuery query;

  @Setup(Level.Trial)
  public void populate() throws Exception {
    URI root;
    if (fs.equals("hdfs")) {
      hdfs = MiniHdfs.start();
      root = hdfs.uri("/bench");
    } else {
      root = Files.createTempDirectory("zeta-bench-status").toUri();
    }
    cluster = ManyInstances.populate(root, roles, perRole);
    query = new StatusQuery(cluster, AppRuntime.unavailable("no scheduler in this benchmark"));
    int instances = query.report().instances().size();
    if (instances != roles * perRole) {
      throw new IllegalStateException("expected " + roles * perRole + " instances, found " + instances);
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    cluster.close();
    if (hdfs != null) {
      hdfs.close();
    }
  }

  /**
   * NameNode operations per status call: the HDFS client's own count of the operations it sent
   * (each at least one RPC; a listing sends one more per 1,000 entries). 0 on the local filesystem.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class NameNodeOps {
    public long nameNodeOps;
    public long statusCalls;

    /** Operations per call, for the report. */
    public double nameNodeOpsPerStatus() {
      return statusCalls == 0 ? 0 : (double) nameNodeOps / statusCalls;
    }
  }

  @Benchmark
  public int status(NameNodeOps ops) {
    long before = NameNodeOpCount.total();
    int n = query.report().instances().size();
    ops.nameNodeOps += NameNodeOpCount.total() - before;
    ops.statusCalls++;
    return n;
  }
}
