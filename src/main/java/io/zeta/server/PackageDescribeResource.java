package io.zeta.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.PackageDefinition;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import java.util.Optional;

/**
 * {@code POST /package/describe}: v3 {@code {"package": <definition>}}, v2 the definition itself
 * (Cosmos's flattened form); v1 is not offered (the DC/OS CLI 0.6 asks for v3, then v2). The definition is the repository index entry with secret defaults
 * (options of format password) masked, as {@code zeta package describe --json} prints it.
 */
final class PackageDescribeResource implements Resource {
  private static final Rpc RPC = Rpc.of("package.describe", "DescribeRequest-schema.json", 3, 2);
  private final Packages packages;

  PackageDescribeResource(Packages packages) {
    this.packages = packages;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/package/describe", request -> {
      int v = RPC.negotiate(request);
      ObjectNode body = RPC.body(request);
      PackageDefinition def = packages.resolve(body.get("packageName").asText(),
          Optional.ofNullable(body.get("packageVersion")).map(n -> n.asText()));
      ObjectNode entry = PackageForms.describe(def);
      ObjectNode doc = entry;
      if (v == 3) {
        doc = Json.object();
        doc.set("package", entry);
      }
      return RPC.ok(v, doc);
    });
  }
}
