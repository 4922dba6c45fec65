package io.zeta.lifecycle;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileSystem;

class LocalInstanceTrustTest extends InstanceTrustScenarios {
  @Override
  URI newRoot(String name) {
    return tmp.resolve(name).toUri();
  }

  @Override
  boolean appliesOwnership() {
    return false;
  }

  @Override
  void plantLink(FileSystem fs, org.apache.hadoop.fs.Path target, org.apache.hadoop.fs.Path link) throws IOException {
    Files.createSymbolicLink(Path.of(link.toUri()), Path.of(target.toUri()));
  }
}
