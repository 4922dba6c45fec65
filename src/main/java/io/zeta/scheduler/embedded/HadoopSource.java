package io.zeta.scheduler.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** Reads URIs the fetcher has no own route for (hdfs:// above all) through the Hadoop client, as Mesos does. */
final class HadoopSource {
  private HadoopSource() {}

  static void copy(URI uri, Path target) throws IOException {
    // A private instance, not FileSystem.get's process-wide cache: a cached client keeps pointing at a
    // name node that went away, and closing it would break every other user of the cache.
    try (FileSystem fs = FileSystem.newInstance(uri, new Configuration());
        InputStream in = fs.open(new org.apache.hadoop.fs.Path(uri))) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
