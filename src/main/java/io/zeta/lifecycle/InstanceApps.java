package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.cluster.Names;
import io.zeta.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An installed instance's apps, read from its {@code marathon.json}: the app itself, or the apps
 * of a multi-app instance (a Marathon group), in start order.
 */
record InstanceApps(InstanceEntry entry, ObjectNode marathon, List<ObjectNode> apps) {

  static InstanceApps read(Cluster cluster, String role, String id) throws IOException {
    Names.role(role);
    Names.instanceId(id);
    InstanceEntry entry = cluster.index().instance(role, id).orElseThrow(() -> new ZetaException(
        "no instance " + role + "/" + id + " is installed", "see `zeta package list`", null));
    if (entry.state() != StoredState.INSTALLED) {
      throw new ZetaException(role + "/" + id + " is removed (its data is kept); install it again first");
    }
    String path = entry.home() + "/" + InstanceRecord.MARATHON;
    ObjectNode marathon = Json.parseObject(cluster.storage().read(path), path);
    List<ObjectNode> apps = new ArrayList<>();
    JsonNode group = marathon.get("apps");
    if (group != null && group.isArray()) {
      group.forEach(a -> apps.add((ObjectNode) a));
    } else {
      apps.add(marathon);
    }
    return new InstanceApps(entry, marathon, apps);
  }

  List<String> appIds() {
    return apps.stream().map(a -> a.path("id").asText()).toList();
  }

  String lockName() {
    return "instance@" + entry.role() + "@" + entry.id();
  }
}
