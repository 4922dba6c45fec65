package io.zeta.lifecycle;

import io.zeta.testing.MiniHdfs;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class HdfsBadInputTest extends BadInputScenarios {
  static MiniHdfs hdfs;

  @BeforeAll
  static void startHdfs() {
    hdfs = MiniHdfs.start();
  }

  @AfterAll
  static void stopHdfs() {
    hdfs.close();
  }

  @Override
  URI newRoot(String name) {
    return hdfs.uri("/" + name);
  }

  @Override
  boolean appliesOwnership() {
    return true;
  }
}
