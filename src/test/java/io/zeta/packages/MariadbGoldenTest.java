package io.zeta.packages;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * mariadb (zetago pkgs/mariadb install.sh @832c742) installed as {@code prod/mydb} with the original
 * answers: port 30306 (CLUSTER), cpu 1.0, memory 2048.
 *
 * <p>Deliberate differences from the original heredocs:
 * <ul>
 *   <li>the app id is absolute ({@code /prod/mydb}; the original wrote {@code prod/mydb}, which Marathon reads the same);</li>
 *   <li>{@code $APP_HA_PROXY} and {@code $APP_PORT_JSON} are the outputs of the reconstructed {@code haproxylabel} and
 *       {@code bridgeports} helpers (docs/PACKAGES.md): {@code "HA_EDGE_CONF":"0"} and
 *       {@code {"containerPort": 3306, "hostPort": 30306, "servicePort": 0, "protocol": "tcp"}} for a CLUSTER port;</li>
 *   <li>the base dir is {@code apps}: the original defaults file is not stored; the {@code zeta<role>apps} group the
 *       install chowns to says the instances lived under /apps.</li>
 * </ul>
 * No config files: the original install wrote none (the scripts are in the image).
 */
class MariadbGoldenTest extends PortGoldenTest {
  @TempDir
  static Path tmp;
  static GoldenCluster cluster;

  @BeforeAll
  static void install() {
    cluster = GoldenCluster.create(tmp);
    cluster.stage("mariadb");
    cluster.install("mariadb", "prod", "mydb", "port=30306", "cpus=1.0", "mem=2048");
  }

  @Override
  GoldenCluster cluster() {
    return cluster;
  }

  @Override
  String pkg() {
    return "mariadb";
  }

  @Override
  String id() {
    return "mydb";
  }
}
