package io.zeta.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Capabilities;
import io.zeta.cluster.Cluster;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import java.util.List;

/**
 * {@code GET /zeta/v1/capabilities}: what the cluster offers to packages (their zeta.json
 * {@code requires}), each detected or declared, as {@code zeta cluster capabilities --json}. Not
 * Cosmos's {@code /capabilities}, which names features of the API.
 */
final class ZetaCapabilitiesResource implements Resource {
  private final ServedInstances instances;

  ZetaCapabilitiesResource(ServedInstances instances) {
    this.instances = instances;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/zeta/v1/capabilities", request -> {
      Cluster view = instances.forRequest(request);
      List<String> detected = Capabilities.detected(view.storage().scheme(), view.mountPoint().isPresent(),
          view.config());
      ObjectNode doc = Json.object();
      ArrayNode list = doc.putArray("capabilities");
      for (String c : view.capabilities()) {
        list.addObject().put("name", c).put("source", detected.contains(c) ? "detected" : "declared");
      }
      return Response.json(200, doc);
    });
  }
}
