package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.RegistryConfig;
import io.zeta.images.EmbeddedRegistry;

/** The registry's state as {@code registry start|stop|status} print it (keys of docs/CLI.md). */
final class RegistryStatusView {
  private RegistryStatusView() {}

  static ObjectNode describe(Cluster cluster, EmbeddedRegistry.Status s, ObjectNode into) {
    RegistryConfig c = cluster.config().registryConfig();
    into.put("cluster", cluster.name());
    into.put("kind", c.embedded() ? "embedded" : "external");
    if (!c.embedded()) {
      into.put("url", c.url());
      into.put("state", "external");
      if (c.user() != null) {
        into.put("registryUser", c.user());
      }
      return into;
    }
    into.put("state", s.state());
    s.address().ifPresent(a -> into.put("address", a));
    s.record().ifPresent(r -> {
      into.put("host", r.host());
      into.put("pid", r.pid());
      into.put("port", r.port());
      into.put("startedAt", r.startedAt());
      if (r.log() != null) {
        into.put("log", r.log());
      }
    });
    into.put("storage", ClusterLayout.REGISTRY_ROOT);
    into.put("reason", s.reason());
    return into;
  }

  static String line(Cluster cluster, EmbeddedRegistry.Status s) {
    RegistryConfig c = cluster.config().registryConfig();
    if (!c.embedded()) {
      return "Cluster " + cluster.name() + " uses the external registry " + c.url() + ".";
    }
    return "Registry of cluster " + cluster.name() + ": " + s.state() + s.address().map(a -> " at " + a).orElse("")
        + " (" + s.reason() + "); blobs in " + ClusterLayout.REGISTRY_ROOT + ".";
  }
}
