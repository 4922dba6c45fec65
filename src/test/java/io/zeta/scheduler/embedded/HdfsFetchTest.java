package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hdfs:// artifacts go through the Hadoop client, against an in-JVM HDFS. */
class HdfsFetchTest {
  @TempDir
  static Path dir;
  static MiniDFSCluster hdfs;
  static String root;

  @BeforeAll
  static void startHdfs() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    root = hdfs.getURI().toString();
    FileSystem fs = hdfs.getFileSystem();
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/pkgs/app.tgz"));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      byte[] script = "#!/bin/sh\necho from hdfs\n".getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry("app/run.sh");
      e.setMode(0755);
      e.setSize(script.length);
      tar.putArchiveEntry(e);
      tar.write(script);
      tar.closeArchiveEntry();
    }
  }

  @AfterAll
  static void stopHdfs() {
    hdfs.shutdown();
  }

  @Test
  void fetchesAndExtractsFromHdfs() throws Exception {
    Path sandbox = Files.createDirectories(dir.resolve("sandbox-ok"));
    Fetcher.fetch(Artifact.fromLegacyUri(root + "/pkgs/app.tgz"), sandbox);
    assertThat(sandbox.resolve("app.tgz")).isRegularFile();
    assertThat(sandbox.resolve("app/run.sh")).hasContent("#!/bin/sh\necho from hdfs");
    assertThat(Files.isExecutable(sandbox.resolve("app/run.sh"))).isTrue();
  }

  @Test
  void aMissingHdfsFileFailsTheFetch() throws Exception {
    Path sandbox = Files.createDirectories(dir.resolve("sandbox-missing"));
    String uri = root + "/pkgs/missing.tgz";
    assertThatThrownBy(() -> Fetcher.fetch(Artifact.fromLegacyUri(uri), sandbox))
        .isInstanceOf(FetchException.class)
        .hasMessageStartingWith("cannot fetch " + uri + " through Hadoop: ")
        .hasMessageContaining("does not exist");
  }
}
