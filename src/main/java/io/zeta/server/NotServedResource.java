package io.zeta.server;

import io.zeta.http.Resource;
import io.zeta.http.Routes;
import java.util.List;

/**
 * Cosmos endpoints this server does not serve yet: an honest 501 {@code NotImplemented} in
 * Cosmos's error shape (the DC/OS CLI prints its message), rather than a 404 that reads as a
 * wrong URL. {@code /cosmos/service/...} is the AdminRouter path of {@code /service/...}.
 */
final class NotServedResource implements Resource {
  static final List<String> ENDPOINTS = List.of("/package/install", "/package/uninstall", "/package/list",
      "/service/describe", "/service/update", "/cosmos/service/describe", "/cosmos/service/update");

  @Override
  public void register(Routes routes) {
    for (String path : ENDPOINTS) {
      routes.post(path, request -> {
        throw CosmosError.of(501, "NotImplemented", "POST " + path + " is not served by zeta serve yet; use "
            + "`zeta package " + path.substring(path.lastIndexOf('/') + 1) + "` (see docs/SERVE.md)");
      });
    }
  }
}
