package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.storage.HadoopStorage;
import org.apache.hadoop.conf.Configuration;

/** The Hadoop client settings of a cluster, for fetching artifacts from hdfs: and friends. */
final class Hadoop {
  private Hadoop() {}

  static Configuration configuration(Cluster cluster) {
    io.zeta.cluster.storage.Storage storage = cluster.storage();
    if (storage instanceof io.zeta.cluster.storage.FreezableStorage f) {
      storage = f.delegate();
    }
    return storage instanceof HadoopStorage h ? h.configuration() : new Configuration();
  }
}
