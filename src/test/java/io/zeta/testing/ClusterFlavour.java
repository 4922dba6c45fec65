package io.zeta.testing;

import java.net.URI;
import java.nio.file.Path;

/**
 * The storage a test cluster lives on. The lifecycle scenarios are written once and run on each
 * flavour; a flavour test class only names its flavour.
 */
public enum ClusterFlavour {
  /** The local filesystem (file:), the embedded default: owner and group are only recorded. */
  LOCAL(false) {
    @Override
    public URI newRoot(Path tmp, String suite, String name) {
      return tmp.resolve(name).toUri();
    }
  },
  /** A real HDFS (the JVM's shared MiniDFSCluster), where owner, group and mode are enforced. */
  HDFS(true) {
    @Override
    public URI newRoot(Path tmp, String suite, String name) {
      // One HDFS serves every test class in the JVM: the suite name and a nanoTime keep roots apart.
      return MiniHdfs.shared().uri("/" + suite + "/" + name + "-" + System.nanoTime());
    }
  };

  private final boolean appliesOwnership;

  ClusterFlavour(boolean appliesOwnership) {
    this.appliesOwnership = appliesOwnership;
  }

  /** A new, empty cluster root: under the test's temp dir {@code tmp}, or in HDFS under {@code /suite/}. */
  public abstract URI newRoot(Path tmp, String suite, String name);

  /** Whether owner and group are really applied (HDFS), not just recorded (local, unknown groups). */
  public boolean appliesOwnership() {
    return appliesOwnership;
  }
}
