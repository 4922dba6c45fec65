package io.zeta.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** A real HDFS (NameNode and one DataNode) in this JVM, started once per test class. */
public final class MiniHdfs implements AutoCloseable {
  private final MiniDFSCluster cluster;

  private MiniHdfs(MiniDFSCluster cluster) {
    this.cluster = cluster;
  }

  private static MiniHdfs shared;

  /**
   * One HDFS for the whole test JVM, started on first use and stopped when the JVM exits: every
   * HDFS test class gets a fresh directory in it, instead of a cluster start each.
   */
  public static synchronized MiniHdfs shared() {
    if (shared == null) {
      shared = start();
      MiniHdfs started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return shared;
  }

  public static MiniHdfs start() {
    try {
      Configuration conf = new Configuration();
      conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, Files.createTempDirectory("minidfs").toString());
      conf.setBoolean("dfs.permissions.enabled", true);
      MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
      cluster.waitActive();
      return new MiniHdfs(cluster);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** hdfs://localhost:port/ */
  public URI uri() {
    return cluster.getURI();
  }

  public URI uri(String path) {
    return URI.create(cluster.getURI().toString().replaceAll("/+$", "") + path);
  }

  public MiniDFSCluster cluster() {
    return cluster;
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
