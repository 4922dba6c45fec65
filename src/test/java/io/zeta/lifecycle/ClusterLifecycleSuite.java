package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.ClusterFlavour;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared by the lifecycle tests that run the same way on the local filesystem and on HDFS: each
 * test gets a fresh cluster root and drives everything through the CLI entry point.
 */
abstract class ClusterLifecycleSuite {
  static final Path TEST_REPO = Path.of("src/test/resources/testrepo").toAbsolutePath();
  static final Path MIRROR = TEST_REPO.resolve("W/webapp/0/files");
  private static final AtomicInteger COUNTER = new AtomicInteger();

  @TempDir
  Path tmp;
  URI root;
  Cli cli;

  /** The storage under test: each flavour subclass names one. */
  abstract ClusterFlavour flavour();

  /** A new, empty cluster root on the filesystem under test. */
  final URI newRoot(String name) {
    return flavour().newRoot(tmp, getClass().getSimpleName(), name);
  }

  /** Whether owner and group are really applied (HDFS), not just recorded (local, unknown groups). */
  final boolean appliesOwnership() {
    return flavour().appliesOwnership();
  }

  @BeforeEach
  void newCluster() {
    root = newRoot("c" + COUNTER.incrementAndGet());
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
  }

  Cli.Result ok(String... args) {
    return cli.ok(args);
  }

  JsonNode json(String... args) {
    return Json.parse(ok(args).out(), String.join(" ", args));
  }

  /** init, two roles, the test repository. */
  void initWithRoles(String... roles) {
    ok("cluster", "init", "--root", root.toString(), "--name", "testcluster");
    for (String role : roles) {
      ok("role", "add", role);
    }
    ok("package", "repo", "add", "test", TEST_REPO.toString());
  }

  FileSystem fs() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", io.zeta.cluster.storage.ExclusiveLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    try {
      return FileSystem.newInstance(root, conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  org.apache.hadoop.fs.Path p(String clusterPath) {
    return new org.apache.hadoop.fs.Path(root.toString().replaceAll("/+$", "") + clusterPath);
  }

  String read(String clusterPath) {
    try (FileSystem fs = fs(); InputStream in = fs.open(p(clusterPath))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(clusterPath, e);
    }
  }

  boolean exists(String clusterPath) {
    try (FileSystem fs = fs()) {
      return fs.exists(p(clusterPath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Optional<FileStatus> status(String clusterPath) {
    try (FileSystem fs = fs()) {
      return fs.exists(p(clusterPath)) ? Optional.of(fs.getFileStatus(p(clusterPath))) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(String clusterPath, String content) {
    try (FileSystem fs = fs(); var out = fs.create(p(clusterPath), true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path optionsFile(String json) {
    return tempFile("options", ".json", json);
  }

  /** A new file under the test's temp dir holding {@code content}. */
  Path tempFile(String prefix, String suffix, String content) {
    try {
      Path f = Files.createTempFile(tmp, prefix, suffix);
      Files.writeString(f, content);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int mode(FileStatus s) {
    return s.getPermission().toShort() & 07777;
  }
}
