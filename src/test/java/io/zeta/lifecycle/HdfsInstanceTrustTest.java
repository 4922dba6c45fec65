package io.zeta.lifecycle;

import io.zeta.testing.MiniHdfs;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FileSystem;

/** On HDFS: symbolic links exist there once a client enables them (FileSystem.enableSymlinks). */
class HdfsInstanceTrustTest extends InstanceTrustScenarios {
  @Override
  URI newRoot(String name) {
    return MiniHdfs.shared().uri("/" + getClass().getSimpleName() + "/" + name + "-" + System.nanoTime());
  }

  @Override
  boolean appliesOwnership() {
    return true;
  }

  @Override
  @SuppressWarnings("deprecation")
  void plantLink(FileSystem fs, org.apache.hadoop.fs.Path target, org.apache.hadoop.fs.Path link) throws IOException {
    FileSystem.enableSymlinks();
    fs.createSymlink(target, link, false);
  }
}
