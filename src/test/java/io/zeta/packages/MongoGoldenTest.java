package io.zeta.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mongo (zetago pkgs/mongo install.sh @9340c6d, mongo-3.4.vers) installed as {@code prod/mongoprod} with the original
 * answers: cpu 2.0, cache size 2 GB, memory 2560, port 30122 (CLUSTER).
 *
 * <p>Deliberate differences from the original heredocs: the id is absolute; {@code $APP_HA_PROXY} and
 * {@code $APP_PORT_JSON} are the reconstructed helpers' outputs for a CLUSTER port; the base dir is {@code apps} (the
 * original defaults file is not stored; mariadb, the package mongo was written after, used the apps groups).
 * mongod.conf, run.sh and lockfile.sh are the heredocs as written (lockfile.sh has no install-time variables).
 */
class MongoGoldenTest extends PortGoldenTest {
  @TempDir
  static Path tmp;
  static GoldenCluster cluster;

  @BeforeAll
  static void install() {
    cluster = GoldenCluster.create(tmp);
    cluster.stage("mongo");
    cluster.install("mongo", "prod", "mongoprod", "cpus=2.0", "cacheSizeGB=2", "mem=2560", "port=30122");
  }

  @Override
  GoldenCluster cluster() {
    return cluster;
  }

  @Override
  String pkg() {
    return "mongo";
  }

  @Override
  String id() {
    return "mongoprod";
  }

  @Test
  void scriptsAreExecutableAndDataDirectoriesPrivate() throws Exception {
    String home = cluster.home("prod", "mongoprod");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.local(home + "/lock/lockfile.sh"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.local(home + "/lock/run.sh"))))
        .isEqualTo("rwxr-xr-x");
    for (String dir : new String[] {"mongo_data", "mongo_conf", "mongo_configdb", "mongo_logs"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.local(home + "/" + dir))))
          .as(dir).isEqualTo("rwxrwx---");
    }
  }
}
