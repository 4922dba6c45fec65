package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;

/** On HDFS: symbolic links exist there once a client enables them (FileSystem.enableSymlinks). */
class HdfsInstanceTrustTest extends InstanceTrustScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.HDFS;
  }

  @Override
  @SuppressWarnings("deprecation")
  void plantLink(FileSystem fs, org.apache.hadoop.fs.Path target, org.apache.hadoop.fs.Path link) throws IOException {
    FileSystem.enableSymlinks();
    fs.createSymlink(target, link, false);
  }
}
