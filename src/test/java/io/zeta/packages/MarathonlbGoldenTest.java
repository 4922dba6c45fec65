package io.zeta.packages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * marathonlb (zetago pkgs/marathonlb install.sh @288f767, marathonlb-1.4.3.vers) installed as {@code shared/marathonlb}
 * (the role and id the original forced) with the original answers: memory 1024, cpu 1.0, 2 edge nodes, slave_public
 * Y, no constraint, no Zeta CA certificates (certificate file cert.pem). ZETA_MARATHON_URL is the
 * {@code marathonUrl} option (marathon.mesos:8080).
 *
 * <p>Deliberate differences from the original heredocs: the id is absolute; {@code --group} is an option whose default
 * is the stored original's {@code *}. The original removed and recreated APP_HOME under {@code /mapr/$CLUSTERNAME/zeta};
 * Zeta puts it under the cluster mount and base dir zeta, the same place for this cluster.
 */
class MarathonlbGoldenTest extends PortGoldenTest {
  @TempDir
  static Path tmp;
  static GoldenCluster cluster;

  @BeforeAll
  static void install() {
    cluster = GoldenCluster.create(tmp);
    cluster.stage("marathonlb");
    cluster.install("marathonlb", "shared", "marathonlb", "mem=1024", "cpus=1.0", "instances=2", "useSlavePublic=true",
        "constraint=", "certFile=cert.pem");
  }

  @Override
  GoldenCluster cluster() {
    return cluster;
  }

  @Override
  String pkg() {
    return "marathonlb";
  }

  @Override
  String role() {
    return "shared";
  }

  @Override
  String id() {
    return "marathonlb";
  }

  @Test
  void aConstraintAndAnyRoleAsTheOriginalRenderedThem() {
    Cli.Result r = cluster.ok("package", "render", "marathonlb", "--repo", GoldenCluster.PACKAGES.toString(),
        "--set", "constraint=192.168.0.10[24]", "--set", "useSlavePublic=false");
    JsonNode app = Json.parse(r.out(), "render");
    assertThat(app.get("constraints")).isEqualTo(Json.parse("[[\"hostname\", \"LIKE\", \"192.168.0.10[24]\"], [\"hostname\", \"UNIQUE\"]]", "e"));
    assertThat(app.get("acceptedResourceRoles")).isEqualTo(Json.parse("[\"*\"]", "e"));
  }

  @Test
  void oneInstancePerClusterInRoleShared() {
    Cli.Result inProd = cluster.run("package", "install", "marathonlb", "--role", "prod", "--id", "marathonlb");
    assertThat(inProd.exit()).isEqualTo(1);
    assertThat(inProd.err()).contains("marathonlb allows one instance per cluster, and it must be in role shared, not prod");
    Cli.Result second = cluster.run("package", "install", "marathonlb", "--role", "shared", "--id", "lb2");
    assertThat(second.exit()).isEqualTo(1);
    assertThat(second.err()).contains("shared/marathonlb is installed");
  }
}
