package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Marathon's service ports: each port definition with {@code port: 0} gets a port of its own from
 * 10000-19999 (Marathon's {@code --local_port_min/max}), unique among the agent's apps; an app
 * that is updated gets back the ports it had, so load balancers keep their frontends. The
 * assigned ports are written into the stored definition, as Marathon does.
 */
final class ServicePorts {
  static final int FIRST = 10000;
  /** Exclusive, as Marathon's range. */
  static final int END = 20000;

  private ServicePorts() {}

  /**
   * The definition with its port definitions made explicit (the legacy {@code ports} and
   * Marathon's default of one dynamic port become {@code portDefinitions}) and every port 0
   * replaced.
   *
   * @param previous the app's current definition, or null for a new app
   * @param taken the service ports of the other apps
   */
  static ObjectNode assign(ObjectNode definition, ObjectNode previous, Set<Integer> taken) {
    ObjectNode out = definition.deepCopy();
    ArrayNode defs = explicit(out);
    Set<Integer> used = new HashSet<>(taken);
    for (JsonNode d : defs) {
      used.add(d.path("port").asInt(0));
    }
    Deque<Integer> reusable = new ArrayDeque<>();
    if (previous != null) {
      for (JsonNode d : explicit(previous.deepCopy())) {
        int p = d.path("port").asInt(0);
        if (p >= FIRST && p < END && !used.contains(p)) {
          reusable.add(p);
        }
      }
    }
    int next = FIRST;
    for (JsonNode d : defs) {
      if (d.path("port").asInt(0) != 0) {
        continue;
      }
      Integer port = reusable.poll();
      if (port == null) {
        while (next < END && used.contains(next)) {
          next++;
        }
        if (next == END) {
          throw ApiError.of(422, "all service ports in " + FIRST + "-" + (END - 1) + " are assigned; "
              + "give the app fixed ports or remove apps");
        }
        port = next;
      }
      used.add(port);
      ((ObjectNode) d).put("port", port);
    }
    return out;
  }

  /** The app's service ports (after {@link #assign}): the non-zero ports of its port definitions. */
  static Set<Integer> of(ObjectNode definition) {
    Set<Integer> out = new HashSet<>();
    for (JsonNode d : definition.path("portDefinitions")) {
      int p = d.path("port").asInt(0);
      if (p != 0) {
        out.add(p);
      }
    }
    return out;
  }

  /** Turns {@code ports} or the default into {@code portDefinitions} in place; returns them. */
  private static ArrayNode explicit(ObjectNode def) {
    ContainerSpec c = ContainerSpec.from(def);
    if (c != null && c.mapsPorts()) {
      // Ports of apps on container networks are their port mappings; Marathon shows no port definitions.
      def.remove("ports");
      ArrayNode none = def.putArray("portDefinitions");
      return none;
    }
    if (def.path("portDefinitions").isArray()) {
      def.remove("ports");
      return (ArrayNode) def.get("portDefinitions");
    }
    ArrayNode defs = Json.MAPPER.createArrayNode();
    if (def.path("ports").isArray()) {
      def.get("ports").forEach(p -> defs.addObject().put("port", p.asInt()).put("protocol", "tcp"));
    } else {
      defs.addObject().put("port", 0).put("protocol", "tcp");
    }
    def.remove("ports");
    def.set("portDefinitions", defs);
    return defs;
  }
}
