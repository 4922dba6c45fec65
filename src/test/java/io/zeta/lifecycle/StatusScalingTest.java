package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.cluster.ClusterInitializer;
import io.zeta.cluster.storage.HadoopStorage;
import io.zeta.testing.MiniHdfs;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.StorageStatistics;
import org.junit.jupiter.api.Test;

/**
 * What `zeta package status` asks the NameNode does not grow with the number of instances: the
 * index is one listing. (The instances here are index entries only: status reads nothing else.)
 */
class StatusScalingTest {
  @Test
  void nameNodeOperationsPerStatusDoNotGrowWithInstances() throws Exception {
    long small = opsPerStatus("/scaling-small", 20);
    long large = opsPerStatus("/scaling-large", 400);
    assertThat(large).isEqualTo(small);
    assertThat(small).isLessThanOrEqualTo(5);
  }

  long opsPerStatus(String path, int instances) throws Exception {
    URI root = MiniHdfs.shared().uri(path);
    try (HadoopStorage storage = HadoopStorage.open(root)) {
      ClusterInitializer.init(storage, "scaling", "local", "root", List.of(), null);
    }
    try (Cluster cluster = Cluster.open(root)) {
      ClusterIndex index = cluster.index();
      for (int i = 0; i < instances; i++) {
        index.add(new InstanceEntry("shared", "i" + i, "tiny", "1.0", "apps", StoredState.INSTALLED));
      }
      index.add(new ClusterIndex.StageEntry("tiny", "1.0"));
      StatusQuery query = new StatusQuery(cluster, AppRuntime.unavailable("none"));
      query.report();
      long before = dfsOps();
      StatusQuery.Report report = query.report();
      long ops = dfsOps() - before;
      assertThat(report.instances()).hasSize(instances);
      assertThat(report.pkg("tiny").state()).isEqualTo("installed");
      return ops;
    }
  }

  static long dfsOps() {
    StorageStatistics stats = FileSystem.getGlobalStorageStatistics().get("DFSOpsCountStatistics");
    long total = 0;
    for (Iterator<StorageStatistics.LongStatistic> it = stats.getLongStatistics(); it.hasNext(); ) {
      total += it.next().getValue();
    }
    return total;
  }
}
