package io.zeta.server;

import io.zeta.http.Resource;
import io.zeta.http.Routes;
import java.util.List;

/**
 * The instance endpoints when {@code zeta serve} has no cluster (only the user's repositories):
 * an honest 501 {@code NotImplemented} in Cosmos's error shape (the DC/OS CLI prints its message),
 * rather than a 404 that reads as a wrong URL. {@code /cosmos/service/...} is the AdminRouter path
 * of {@code /service/...}.
 */
final class NotServedResource implements Resource {
  static final List<String> ENDPOINTS = List.of("/package/install", "/package/uninstall", "/package/list",
      "/service/describe", "/service/update", "/cosmos/service/describe", "/cosmos/service/update");

  @Override
  public void register(Routes routes) {
    for (String path : ENDPOINTS) {
      routes.post(path, request -> {
        throw CosmosError.of(501, "NotImplemented", "POST " + path + " needs a cluster, and zeta serve runs without "
            + "one; create one with `zeta cluster init` and restart zeta serve (see docs/SERVE.md)");
      });
    }
  }
}
