package io.zeta.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.json.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which ports of an app speak HTTP, so that describe can print a URL for each. */
class AppEndpointsTest {
  static List<AppEndpoints.Port> ports(String app) {
    return AppEndpoints.of(Json.parse(app, "app"));
  }

  @Test
  void namesProtocolsAndLabelsOfPortDefinitions() {
    List<AppEndpoints.Port> p = ports("""
        {"portDefinitions": [{"port": 0, "name": "http"}, {"port": 0, "name": "metrics"},
          {"port": 0, "name": "https-admin"}, {"port": 0, "labels": {"protocol": "HTTP"}}, {"port": 0, "name": "db"}]}""");
    assertThat(p).extracting(AppEndpoints.Port::scheme).containsExactly(Optional.of("http"), Optional.empty(),
        Optional.of("https"), Optional.of("http"), Optional.empty());
  }

  @Test
  void healthChecksAndDcosLabelsMarkTheirPort() {
    List<AppEndpoints.Port> p = ports("""
        {"portDefinitions": [{"port": 0}, {"port": 0}, {"port": 0}],
         "healthChecks": [{"protocol": "MESOS_HTTPS", "portIndex": 1}, {"protocol": "TCP", "portIndex": 0}],
         "labels": {"DCOS_SERVICE_SCHEME": "http", "DCOS_SERVICE_PORT_INDEX": "2"}}""");
    assertThat(p).extracting(AppEndpoints.Port::scheme).containsExactly(Optional.empty(), Optional.of("https"),
        Optional.of("http"));
  }

  @Test
  void containerPortMappingsCountWhenThereAreNoPortDefinitions() {
    List<AppEndpoints.Port> p = ports("""
        {"container": {"type": "DOCKER", "portMappings": [{"containerPort": 80, "name": "web"}]}}""");
    assertThat(AppEndpoints.url(p, "10.0.0.5", List.of(31001), 0)).contains("http://10.0.0.5:31001/");
    assertThat(AppEndpoints.url(p, "10.0.0.5", List.of(), 0)).isEmpty();
    assertThat(AppEndpoints.url(p, "::1", List.of(31001), 0)).contains("http://[::1]:31001/");
  }
}
