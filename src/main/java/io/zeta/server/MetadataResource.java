package io.zeta.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;

/**
 * The cluster endpoints the DC/OS CLI reads before its commands: {@code GET /metadata}
 * ({@code CLUSTER_ID}) and {@code GET /dcos-metadata/dcos-version.json}.
 */
final class MetadataResource implements Resource {
  private final ServedCluster cluster;

  MetadataResource(ServedCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/metadata", request -> {
      ObjectNode doc = Json.object();
      doc.put("CLUSTER_ID", cluster.id());
      return Response.json(200, doc);
    });
    routes.get("/dcos-metadata/dcos-version.json", request -> {
      ObjectNode doc = Json.object();
      doc.put("version", cluster.dcosVersion());
      doc.put("dcos-image-commit", "zeta");
      doc.put("bootstrap-id", cluster.id());
      return Response.json(200, doc);
    });
  }
}
