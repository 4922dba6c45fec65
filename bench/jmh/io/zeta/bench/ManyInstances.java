package io.zeta.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.Catalog;
import io.zeta.catalog.PackageRef;
import io.zeta.catalog.Repositories;
import io.zeta.catalog.RepositoryRef;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterInitializer;
import io.zeta.cluster.storage.HadoopStorage;
import io.zeta.json.Json;
import io.zeta.lifecycle.ArtifactFetcher;
import io.zeta.lifecycle.InstallInstance;
import io.zeta.lifecycle.Progress;
import io.zeta.lifecycle.StagePackage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Builds a cluster with many instances through the real lifecycle code (each install is a real
 * install: lock, home built aside, rename, env file, index entry). Used by the status benchmark,
 * and by bench/commands.sh through {@link #main}.
 */
public final class ManyInstances {
  private ManyInstances() {}

  /** {@code ManyInstances ROOT_URI ROLES PER_ROLE}: creates the cluster and prints its URI. */
  public static void main(String[] args) throws Exception {
    try (Cluster cluster = populate(URI.create(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]))) {
      System.out.println(cluster.storage().rootUri());
    }
  }

  public static Cluster populate(URI root, int roles, int perRole) throws IOException {
    try (HadoopStorage storage = HadoopStorage.open(root)) {
      ClusterInitializer.init(storage, "bench", "local", System.getProperty("user.name"), List.of(), null);
    }
    Cluster cluster = Cluster.open(root);
    Path repo = tinyRepository();
    Catalog catalog = new Catalog(List.of(Repositories.open(new RepositoryRef("bench", repo.toString()), null)));
    new StagePackage(cluster, new ArtifactFetcher(new Configuration()), Progress.NONE)
        .run(catalog.resolve(PackageRef.parse("tiny")), Optional.empty());
    InstallInstance install = new InstallInstance(cluster, () -> catalog, new ArtifactFetcher(new Configuration()), Progress.NONE);
    ObjectNode options = Json.object();
    // Installs of different ids never interfere, so four clients install at once.
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int r = 0; r < roles; r++) {
        String role = "role" + r;
        cluster.roles().add(role);
        for (int i = 0; i < perRole; i++) {
          String id = "i" + i;
          done.add(pool.submit(() -> install.run(new InstallInstance.Request(PackageRef.parse("tiny"), role, id,
              Optional.empty(), options, false, Optional.empty()))));
        }
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new IOException("populating failed: " + e.getMessage(), e);
    } finally {
      pool.shutdown();
    }
    return cluster;
  }

  /** A package with a config file, a data directory and an env export: a small but complete install. */
  static Path tinyRepository() throws IOException {
    Path dir = Files.createTempDirectory("zeta-bench-repo").resolve("T/tiny/0");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("package.json"), """
        {"packagingVersion": "4.0", "name": "tiny", "version": "1.0", "maintainer": "bench", "description": "bench",
         "tags": ["bench"]}""");
    Files.writeString(dir.resolve("config.json"), """
        {"type": "object", "properties": {"port": {"type": "integer", "default": 8080}}}""");
    Files.writeString(dir.resolve("marathon.json.mustache"), """
        {"id": "x", "cmd": "sleep 3600", "cpus": 0.01, "mem": 16, "instances": 1}""");
    Files.writeString(dir.resolve("zeta.json"), """
        {"zetaVersion": "1", "directories": [{"path": "data", "persistent": true}],
         "configFiles": [{"content": "port={{port}}\\n", "target": "app.conf"}], "env": {"PORT": "{{port}}"}}""");
    return dir.getParent().getParent().getParent();
  }
}
