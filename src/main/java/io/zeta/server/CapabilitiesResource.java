package io.zeta.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.json.Json;

/**
 * {@code GET /capabilities}. Cosmos answers PACKAGE_MANAGEMENT, SUPPORT_CLUSTER_REPORT and
 * METRONOME; Zeta serves the package API only, so it says only PACKAGE_MANAGEMENT (the one the
 * DC/OS CLI requires before any package command).
 */
final class CapabilitiesResource implements Resource {
  private static final Rpc RPC = Rpc.get("capabilities", 1);

  @Override
  public void register(Routes routes) {
    routes.get("/capabilities", request -> {
      int v = RPC.negotiate(request);
      ObjectNode doc = Json.object();
      doc.putArray("capabilities").addObject().put("name", "PACKAGE_MANAGEMENT");
      return RPC.ok(v, doc);
    });
  }
}
