package io.zeta.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.PackageSummary;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import java.util.Comparator;
import java.util.List;

/** {@code POST /package/list-versions}: {@code {"results": {version: releaseVersion}}}, by releaseVersion. */
final class PackageListVersionsResource implements Resource {
  private static final Rpc RPC = Rpc.of("package.list-versions", "ListVersionsRequest-schema.json", 1);
  private final Packages packages;

  PackageListVersionsResource(Packages packages) {
    this.packages = packages;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/package/list-versions", request -> {
      int v = RPC.negotiate(request);
      ObjectNode body = RPC.body(request);
      List<PackageSummary> versions = packages.versions(body.get("packageName").asText()).stream()
          .sorted(Comparator.comparingInt(PackageSummary::releaseVersion)).toList();
      ObjectNode doc = Json.object();
      ObjectNode results = doc.putObject("results");
      versions.forEach(s -> results.put(s.version(), String.valueOf(s.releaseVersion())));
      return RPC.ok(v, doc);
    });
  }
}
