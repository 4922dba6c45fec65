package io.zeta.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.render.MarathonRenderer;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /package/render}: {@code {"marathonJson": <app>}} rendered as Cosmos does, with the
 * DCOS_PACKAGE_* labels. Secret options (format password) are masked as in
 * {@code zeta package render}: the answer is for looking at, not a way to read secrets back.
 */
final class PackageRenderResource implements Resource {
  private static final Rpc RPC = Rpc.of("package.render", "RenderRequest-schema.json", 1);
  private final Packages packages;

  PackageRenderResource(Packages packages) {
    this.packages = packages;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/package/render", request -> {
      int v = RPC.negotiate(request);
      ObjectNode body = RPC.body(request);
      PackageDefinition def = packages.resolve(body.get("packageName").asText(),
          Optional.ofNullable(body.get("packageVersion")).map(n -> n.asText()));
      ObjectNode options = body.get("options") instanceof ObjectNode o ? o : Json.object();
      if (def.marathonTemplate().isEmpty()) {
        ObjectNode data = Json.object();
        data.put("packageName", def.name());
        data.put("packageVersion", def.version());
        throw CosmosError.of(400, "ServiceMarathonTemplateNotFound", "Package: [" + def.name() + "] version: ["
            + def.version() + "] does not have a Marathon template defined and can not be rendered", data, Map.of());
      }
      Rpc.checkOptions(def, options);
      ObjectNode app;
      try {
        app = MarathonRenderer.renderForDisplay(def, options, Optional.ofNullable(body.get("appId"))
            .map(n -> n.asText()), false);
      } catch (ZetaException e) {
        throw CosmosError.of(400, "JsonSchemaMismatch", e.getMessage());
      }
      ObjectNode doc = Json.object();
      doc.set("marathonJson", app);
      return RPC.ok(v, doc);
    });
  }
}
