package io.zeta.lifecycle;

import io.zeta.testing.ClusterFlavour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileSystem;

class LocalInstanceTrustTest extends InstanceTrustScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.LOCAL;
  }

  @Override
  void plantLink(FileSystem fs, org.apache.hadoop.fs.Path target, org.apache.hadoop.fs.Path link) throws IOException {
    Files.createSymbolicLink(Path.of(link.toUri()), Path.of(target.toUri()));
  }
}
