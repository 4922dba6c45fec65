package io.zeta.corpus;

import io.zeta.testing.MiniHdfs;
import java.net.URI;

/** One case in fifteen of the corpus, from every category, on HDFS (MiniDFSCluster): owners and modes are really applied there. */
class HdfsBadInputCorpusTest extends BadInputCorpusTest {
  @Override
  URI newRoot() {
    return MiniHdfs.shared().uri("/" + getClass().getSimpleName());
  }

  @Override
  boolean runs(int index) {
    return index % 15 == 0;
  }
}
