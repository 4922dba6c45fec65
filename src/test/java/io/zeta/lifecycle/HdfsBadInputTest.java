package io.zeta.lifecycle;

import io.zeta.testing.MiniHdfs;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;

class HdfsBadInputTest extends BadInputScenarios {
  static MiniHdfs hdfs;

  /** Started on first use: a superclass's @BeforeAll may need it before this class's would run. */
  static synchronized MiniHdfs hdfs() {
    if (hdfs == null) {
      hdfs = MiniHdfs.start();
    }
    return hdfs;
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.close();
      hdfs = null;
    }
  }

  @Override
  URI newRoot(String name) {
    return hdfs().uri("/" + name);
  }

  @Override
  boolean appliesOwnership() {
    return true;
  }
}
