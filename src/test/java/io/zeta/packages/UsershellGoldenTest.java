package io.zeta.packages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * usershell (zetago pkgs/usershell install.sh @aa66959 and start.sh @33f135a, usershell-1.0.1.vers). The original
 * installed an umbrella instance (asking memory 1024 and cpu 1.0) and its start.sh created one app per user,
 * {@code <role>/<id>/<user>usershell}, asking the user, the port (31022, CLUSTER) and optional drill/spark instances.
 * Here a user's shell is an instance: alice's is installed as {@code prod/aliceusershell} with those answers and no
 * customization; bob's, {@code prod/bobusershell}, links the spark instance {@code sparkprod} (the JSON variant A of
 * start.sh).
 *
 * <p>Deliberate differences from the original heredocs:
 * <ul>
 *   <li>instance_include.sh: {@code APP_CPU="1"} where the original echoed the answer {@code 1.0}: Zeta renders
 *       integral numbers as integers, as Cosmos does.</li>
 *   <li>profile_banner.sh is the banner start.sh appended to the user's .profile (Zeta writes only into the instance
 *       home); its {@code /home/$USER} stays {@code $USER} (the original's unescaped {@code $USER} took the installer's
 *       name: bug).</li>
 *   <li>The env file holds only {@code #!/bin/bash}: the original wrote none, Zeta always writes one.</li>
 *   <li>marathon.json: the id is {@code /prod/<id>}; {@code ports} is the reconstructed {@code portslist} output (the
 *       original called it by its older name {@code nonbridgeports}); {@code /mapr/$CLUSTERNAME} is the cluster mount;
 *       the /spark hostPath names the distribution directory of the spark instance (the original took
 *       {@code ls <spark home>} minus run.sh and the .conf, which lists several entries: bug).</li>
 * </ul>
 */
class UsershellGoldenTest extends PortGoldenTest {
  @TempDir
  static Path tmp;
  static GoldenCluster cluster;

  @BeforeAll
  static void install() {
    cluster = GoldenCluster.create(tmp);
    cluster.stage("usershell");
    cluster.install("usershell", "prod", "aliceusershell", "user=alice", "port=31022", "mem=1024", "cpus=1.0");
    cluster.install("usershell", "prod", "bobusershell", "user=bob", "port=31023", "mem=1024", "cpus=1.0",
        "sparkInstance=sparkprod");
  }

  @Override
  GoldenCluster cluster() {
    return cluster;
  }

  @Override
  String pkg() {
    return "usershell";
  }

  @Override
  String id() {
    return "aliceusershell";
  }

  @Test
  void aLinkedSparkInstanceIsMountedAsSpark() {
    ObjectNode expected = (ObjectNode) Json.parse(cluster.expected("usershell", "marathon-spark.json"), "expected");
    GoldenCluster.assertSameApp(expected, cluster.apps("prod", "bobusershell").get(""), "bob's usershell");
  }

  @Test
  void theUserMustBeGiven() {
    Cli.Result r = cluster.run("package", "install", "usershell", "--role", "prod", "--id", "nobody");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("required property 'user' not found");
  }
}
