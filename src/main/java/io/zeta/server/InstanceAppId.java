package io.zeta.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Names;
import io.zeta.json.Json;
import java.util.Map;

/**
 * Cosmos's {@code appId} as a Zeta instance: {@code /<role>/<id>} is instance {@code id} of role
 * {@code role} (whose apps are {@code /<role>/<id>} or, for a multi-app package, its group). An
 * install without {@code appId} goes to role {@link #DEFAULT_ROLE} with the package's name as id,
 * as Cosmos's default app id is the package's.
 */
record InstanceAppId(String role, String id) {
  /** The role of installs that name no app id: Zeta's cluster-wide role. */
  static final String DEFAULT_ROLE = Names.SHARED_ROLE;

  /** {@code /prod/web1} (a leading slash optional, as Marathon normalises ids), else 400 {@code InvalidAppId}. */
  static InstanceAppId parse(String appId) {
    String trimmed = appId.strip();
    String path = trimmed.startsWith("/") ? trimmed.substring(1) : trimmed;
    path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String[] parts = path.split("/", -1);
    if (parts.length != 2) {
      throw invalid(appId, "a Zeta app id has two parts, /<role>/<id> (e.g. /prod/web1)");
    }
    try {
      return new InstanceAppId(Names.role(parts[0]), Names.instanceId(parts[1]));
    } catch (ZetaException e) {
      throw invalid(appId, e.getMessage());
    }
  }

  /** Where an install without {@code appId} goes: {@code /shared/<package>}. */
  static InstanceAppId defaultFor(String packageName) {
    return parse("/" + DEFAULT_ROLE + "/" + packageName);
  }

  private static CosmosError invalid(String appId, String why) {
    ObjectNode data = Json.object();
    data.put("appId", appId);
    return CosmosError.of(400, "InvalidAppId", "App id [" + appId + "] is not a Zeta instance: " + why, data, Map.of());
  }

  /** {@code /prod/web1}. */
  String appId() {
    return "/" + role + "/" + id;
  }

  /** {@code prod/web1}, as the CLI and the audit log name an instance. */
  String target() {
    return role + "/" + id;
  }

  /** Cosmos's refusal of an app id that names no installed service. */
  CosmosError notFound() {
    ObjectNode data = Json.object();
    data.put("appId", appId());
    return CosmosError.of(400, "MarathonAppNotFound", "Unable to locate service with marathon appId: '" + appId() + "'",
        data, Map.of());
  }
}
