package io.zeta.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.PackageDefinition;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.lifecycle.StageManifest;
import io.zeta.lifecycle.StagedPackages;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /package/list}: the installed instances the principal may see (its roles; all for
 * an admin), each as Cosmos's installation: {@code appId} {@code /<role>/<id>} and the
 * {@code packageInformation} of its staged version. Cosmos finds them by their Marathon labels;
 * Zeta knows them from its index, so an instance installed but not started is listed too.
 */
final class PackageListResource implements Resource {
  private static final Rpc RPC = Rpc.of("package.list", "ListRequest-schema.json", 1);
  private final ServedInstances instances;

  PackageListResource(ServedInstances instances) {
    this.instances = instances;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/package/list", request -> {
      int v = RPC.negotiate(request);
      ObjectNode body = RPC.body(request);
      Optional<String> name = Optional.ofNullable(body.get("packageName")).map(n -> n.asText());
      Optional<InstanceAppId> appId = Optional.ofNullable(body.get("appId")).map(n -> InstanceAppId.parse(n.asText()));
      Cluster view = instances.forRequest(request);
      StagedPackages staged = new StagedPackages(view.storage());
      ObjectNode doc = Json.object();
      ArrayNode out = doc.putArray("packages");
      for (InstanceEntry e : PackageUninstallResource.installed(view)) {
        if (name.map(n -> !n.equals(e.pkg())).orElse(false)
            || appId.map(a -> !a.role().equals(e.role()) || !a.id().equals(e.id())).orElse(false)
            || !view.access().mayRead(e.role())) {
          continue;
        }
        Optional<StageManifest> manifest = staged.manifest(e.pkg(), e.version());
        if (manifest.isEmpty()) {
          // Unstaging refuses while instances use a version; a stage deleted by hand leaves nothing to describe.
          LoggerFactory.getLogger(PackageListResource.class).warn("{}/{}: {} {} is not staged; not listed", e.role(),
              e.id(), e.pkg(), e.version());
          continue;
        }
        PackageDefinition def = staged.load(manifest.get());
        ObjectNode installation = out.addObject();
        installation.put("appId", "/" + e.role() + "/" + e.id());
        ObjectNode info = installation.putObject("packageInformation");
        info.set("packageDefinition", PackageForms.details(def));
        PackageForms.resourceDefinition(def).ifPresent(r -> info.set("resourceDefinition", r));
      }
      return RPC.ok(v, doc);
    });
  }
}
