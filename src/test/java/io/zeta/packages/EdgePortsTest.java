package io.zeta.packages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original's port helpers, whose source is not stored, as the ported templates define them (docs/PACKAGES.md,
 * "Port helpers"), for the port type EDGE the getport question offered (every golden test uses the default CLUSTER):
 * <ul>
 *   <li>{@code bridgeports C PSTR}: CLUSTER {@code {containerPort C, hostPort P, servicePort 0}}, EDGE
 *       {@code {containerPort C, hostPort 0, servicePort P}}, protocol tcp;</li>
 *   <li>{@code portslist PSTRS}: {@code "ports": [the EDGE ports], "requirePorts": true};</li>
 *   <li>{@code haproxylabel PSTRS}: no EDGE port: {@code HA_EDGE_CONF=0}; else {@code HAPROXY_GROUP=EDGE}, and for each
 *       CLUSTER port at index n of a BRIDGE app's portMappings, {@code HAPROXY_n_FRONTEND_HEAD} and
 *       {@code HAPROXY_n_FRONTEND_BACKEND_GLUE} blank, so marathon-lb publishes only the EDGE ones (HOST apps list only
 *       EDGE ports, so nothing is blanked).</li>
 * </ul>
 */
class EdgePortsTest {
  @TempDir
  static Path tmp;
  static GoldenCluster cluster;

  @BeforeAll
  static void install() {
    cluster = GoldenCluster.create(tmp);
    for (String pkg : new String[] {"drill", "gogs", "etcd", "mariadb", "spark", "kafka"}) {
      cluster.stage(pkg);
    }
    cluster.install("drill", "prod", "drilledge", "userPortEdge=true", "bitPortEdge=true", "keystorePassword=k",
        "truststorePassword=t");
    cluster.install("gogs", "prod", "gogsedge", "httpsPortEdge=true", "secretKey=s");
    cluster.install("etcd", "prod", "etcdedge", "clientPortEdge=true", "peerPortEdge=true", "nodes=1");
    cluster.install("mariadb", "prod", "dbedge", "portEdge=true");
    cluster.install("spark", "prod", "sparkedge", "shufflePortEdge=true");
    cluster.install("kafka", "prod", "kafkaedge", "apiPortEdge=true");
  }

  private static ObjectNode app(String id, String name) {
    Map<String, ObjectNode> apps = cluster.apps("prod", id);
    ObjectNode app = apps.get(name);
    assertThat(GoldenCluster.marathonViolations(app)).as(id + " " + name).isEmpty();
    return GoldenCluster.withoutZetaLabels(app);
  }

  private static JsonNode json(String text) {
    return Json.parse(text, "expected");
  }

  @Test
  void hostAppsListAndReserveOnlyTheirEdgePorts() {
    ObjectNode drill = app("drilledge", "");
    assertThat(drill.get("ports")).isEqualTo(json("[20005, 20006]"));
    assertThat(drill.get("requirePorts").asBoolean()).isTrue();
    assertThat(drill.get("labels")).isEqualTo(json("{\"HAPROXY_GROUP\": \"EDGE\", \"CONTAINERIZER\": \"Mesos\"}"));
    ObjectNode shuffle = app("sparkedge", "sparkshuffle");
    assertThat(shuffle.get("ports")).isEqualTo(json("[7350]"));
    assertThat(shuffle.at("/labels/HAPROXY_GROUP").asText()).isEqualTo("EDGE");
    ObjectNode history = app("sparkedge", "sparkhistory");
    assertThat(history.at("/labels/HA_EDGE_CONF").asText()).isEqualTo("0");
    ObjectNode kafka = app("kafkaedge", "");
    assertThat(kafka.get("ports")).isEqualTo(json("[21000]"));
    assertThat(kafka.at("/labels/HAPROXY_GROUP").asText()).isEqualTo("EDGE");
  }

  @Test
  void bridgeAppsMoveEdgePortsToServicePortsAndBlankTheOthers() {
    ObjectNode gogs = app("gogsedge", "");
    assertThat(gogs.at("/container/docker/portMappings")).isEqualTo(json("""
        [{"containerPort": 22, "hostPort": 30022, "servicePort": 0, "protocol": "tcp"},
         {"containerPort": 30443, "hostPort": 0, "servicePort": 30443, "protocol": "tcp"}]"""));
    assertThat(gogs.get("labels")).isEqualTo(json("""
        {"HAPROXY_GROUP": "EDGE", "HAPROXY_0_FRONTEND_HEAD": "", "HAPROXY_0_FRONTEND_BACKEND_GLUE": "",
         "CONTAINERIZER": "Docker"}"""));
    ObjectNode db = app("dbedge", "");
    assertThat(db.at("/container/docker/portMappings")).isEqualTo(json("""
        [{"containerPort": 3306, "hostPort": 0, "servicePort": 30306, "protocol": "tcp"}]"""));
    assertThat(db.get("labels")).isEqualTo(json("{\"HAPROXY_GROUP\": \"EDGE\", \"CONTAINERIZER\": \"Docker\"}"));
  }

  @Test
  void bridgeAppsWithAPortsListListTheirEdgePorts() {
    ObjectNode etcd = app("etcdedge", "etcd1");
    assertThat(etcd.get("ports")).isEqualTo(json("[22379, 22380]"));
    assertThat(etcd.at("/container/docker/portMappings")).isEqualTo(json("""
        [{"containerPort": 2379, "hostPort": 0, "servicePort": 22379, "protocol": "tcp"},
         {"containerPort": 2380, "hostPort": 0, "servicePort": 22380, "protocol": "tcp"}]"""));
    assertThat(etcd.get("labels")).isEqualTo(json("{\"HAPROXY_GROUP\": \"EDGE\", \"CONTAINERIZER\": \"Docker\"}"));
  }
}
