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
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.testing.TestAgents;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `zeta package status` asks the NameNode does not grow with the number of instances: the
 * index is one listing. (The instances here are index entries only: status reads nothing else
 * while the scheduler answers; when it cannot, each installed instance's home is asked whether
 * it ever ran, so that a never-started one is still known to be installed.)
 */
class StatusScalingTest {
  @TempDir
  static Path work;
  static EmbeddedScheduler agent;

  @BeforeAll
  static void agent() {
    agent = EmbeddedScheduler.start(AgentConfig.defaults(work).withResources(TestAgents.AMPLE));
  }

  @AfterAll
  static void stop() {
    agent.close();
  }

  @Test
  void nameNodeOperationsPerStatusDoNotGrowWithInstances() throws Exception {
    long small = opsPerStatus("/scaling-small", 20, AppRuntime.of(TestAgents.client(agent)), "installed");
    long large = opsPerStatus("/scaling-large", 400, AppRuntime.of(TestAgents.client(agent)), "installed");
    assertThat(large).isEqualTo(small);
    assertThat(small).isLessThanOrEqualTo(5);
  }

  @Test
  void withoutASchedulerNeverStartedInstancesAreStillInstalled() throws Exception {
    long ops = opsPerStatus("/scaling-unreachable", 20, AppRuntime.unavailable("none"), "installed");
    assertThat(ops).isGreaterThanOrEqualTo(20);
  }

  long opsPerStatus(String path, int instances, AppRuntime runtime, String packageState) throws Exception {
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
      StatusQuery query = new StatusQuery(cluster, runtime);
      query.report();
      long before = dfsOps();
      StatusQuery.Report report = query.report();
      long ops = dfsOps() - before;
      assertThat(report.instances()).hasSize(instances);
      assertThat(report.pkg("tiny").state()).isEqualTo(packageState);
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
