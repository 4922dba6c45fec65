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
import java.util.regex.Pattern;

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
    String own = "/" + role + "/" + id;
    if (group != null) {
      if (!group.isArray() || group.isEmpty() || !own.equals(marathon.path("id").asText())) {
        throw notOwn(path, role, id, "its group is not " + own + " with a list of apps");
      }
      for (JsonNode a : group) {
        if (!a.isObject()) {
          throw notOwn(path, role, id, "an entry of its apps is not an app");
        }
        apps.add((ObjectNode) a);
      }
    } else {
      apps.add(marathon);
    }
    // A package or a hand edit must not make this instance deploy over another one's apps.
    Pattern mine = Pattern.compile("^" + Pattern.quote(own) + "(/[a-z0-9]([a-z0-9-]*[a-z0-9])?)?$");
    for (ObjectNode app : apps) {
      String appId = app.path("id").asText("");
      if (!mine.matcher(appId).matches()) {
        throw notOwn(path, role, id, "app id '" + appId + "' is not " + own + " or " + own + "/<name>");
      }
    }
    return new InstanceApps(entry, marathon, apps);
  }

  private static ZetaException notOwn(String path, String role, String id, String why) {
    return new ZetaException(path + " of " + role + "/" + id + " was changed: " + why + "; refused, nothing was sent "
        + "to the scheduler", "install the instance again (`zeta package uninstall " + role + "/" + id
        + "`, then `zeta package install`)", null);
  }

  List<String> appIds() {
    return apps.stream().map(a -> a.path("id").asText()).toList();
  }

  String lockName() {
    return lockName(entry.role(), entry.id());
  }

  /** The instance lock of role/id, the one install, start, stop and uninstall take. */
  static String lockName(String role, String id) {
    return "instance@" + role + "@" + id;
  }
}
