package io.zeta.bench;

import java.util.Iterator;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.StorageStatistics;

/** The HDFS client's count of the operations it has sent to the NameNode, over all its filesystems. */
public final class NameNodeOpCount {
  private NameNodeOpCount() {}

  public static long total() {
    StorageStatistics stats = FileSystem.getGlobalStorageStatistics().get("DFSOpsCountStatistics");
    if (stats == null) {
      return 0;
    }
    long total = 0;
    Iterator<StorageStatistics.LongStatistic> it = stats.getLongStatistics();
    while (it.hasNext()) {
      total += it.next().getValue();
    }
    return total;
  }
}
