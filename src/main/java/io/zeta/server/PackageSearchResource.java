package io.zeta.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.Catalog;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.json.Json;

/** {@code POST /package/search}: as {@code zeta package search} (and Cosmos), selected packages first. */
final class PackageSearchResource implements Resource {
  private static final Rpc RPC = Rpc.of("package.search", "SearchRequest-schema.json", 1);
  private final Packages packages;

  PackageSearchResource(Packages packages) {
    this.packages = packages;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/package/search", request -> {
      int v = RPC.negotiate(request);
      ObjectNode body = RPC.body(request);
      String query = body.path("query").asText("");
      ObjectNode doc = Json.object();
      ArrayNode out = doc.putArray("packages");
      for (Catalog.SearchResult r : packages.catalog().search(query)) {
        ObjectNode p = out.addObject();
        p.put("name", r.latest().name());
        p.put("currentVersion", r.latest().version());
        ObjectNode versions = p.putObject("versions");
        r.versions().forEach(versions::put);
        p.put("description", r.latest().description());
        p.put("framework", r.latest().framework());
        ArrayNode tags = p.putArray("tags");
        r.latest().tags().forEach(tags::add);
        p.put("selected", r.latest().selected());
      }
      return RPC.ok(v, doc);
    });
  }
}
