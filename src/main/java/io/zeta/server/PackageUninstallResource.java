package io.zeta.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.PackageDefinition;
import io.zeta.cluster.Access.Action;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.lifecycle.StageManifest;
import io.zeta.lifecycle.StagedPackages;
import io.zeta.lifecycle.UninstallInstance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /package/uninstall}: removes instances as {@code zeta package uninstall ROLE/ID}
 * does, keeping their persistent data (Cosmos has no purge; the equivalent is
 * {@code zeta package uninstall ROLE/ID --purge}). With {@code appId} the one instance (403
 * {@code Forbidden} first for a principal outside its role, then {@code UninstallNonExistentAppForPackage});
 * without, the package's instances the principal may see: none is {@code PackageNotInstalled},
 * several without {@code all} {@code AmbiguousAppId}.
 */
final class PackageUninstallResource implements Resource {
  private static final Rpc RPC = Rpc.of("package.uninstall", "UninstallRequest-schema.json", 1);
  private final ServedInstances instances;

  PackageUninstallResource(ServedInstances instances) {
    this.instances = instances;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/package/uninstall", request -> {
      int v = RPC.negotiate(request);
      ObjectNode body = RPC.body(request);
      String name = body.get("packageName").asText();
      boolean all = body.path("all").asBoolean(false);
      Cluster view = instances.forRequest(request);
      ObjectNode doc = Json.object();
      ArrayNode results = doc.putArray("results");
      if (body.hasNonNull("appId")) {
        InstanceAppId at = InstanceAppId.parse(body.get("appId").asText());
        InstanceEntry e = instances.audited(view, "package uninstall", at.target(), () -> {
          view.access().require(Action.UNINSTALL, at.role());
          InstanceEntry found = installed(view).stream().filter(i -> i.pkg().equals(name) && i.role().equals(at.role())
              && i.id().equals(at.id())).findFirst().orElseThrow(() -> {
                ObjectNode data = Json.object();
                data.put("packageName", name);
                data.put("appId", at.appId());
                return CosmosError.of(400, "UninstallNonExistentAppForPackage", "Package [" + name + "] with id ["
                    + at.appId() + "] is not installed", data, Map.of());
              });
          new UninstallInstance(view, instances.runtime()).run(found.role(), found.id(), false);
          return found;
        });
        result(view, results, e);
        return RPC.ok(v, doc);
      }
      List<InstanceEntry> chosen = instances.audited(view, "package uninstall", name, () -> {
        List<InstanceEntry> visible = installed(view).stream().filter(e -> e.pkg().equals(name)
            && view.access().mayRead(e.role())).toList();
        if (visible.isEmpty()) {
          ObjectNode data = Json.object();
          data.put("packageName", name);
          throw CosmosError.of(400, "PackageNotInstalled", "Package [" + name + "] is not installed", data, Map.of());
        }
        if (visible.size() > 1 && !all) {
          ObjectNode data = Json.object();
          data.put("packageName", name);
          ArrayNode ids = data.putArray("appIds");
          visible.forEach(e -> ids.add("/" + e.role() + "/" + e.id()));
          throw CosmosError.of(400, "AmbiguousAppId", "Multiple apps named [" + name + "] are installed: ["
              + String.join(", ", visible.stream().map(e -> "/" + e.role() + "/" + e.id()).toList()) + "]", data,
              Map.of());
        }
        return visible;
      });
      for (InstanceEntry e : chosen) {
        instances.audited(view, "package uninstall", e.role() + "/" + e.id(), () -> new UninstallInstance(view,
            instances.runtime()).run(e.role(), e.id(), false));
        result(view, results, e);
      }
      return RPC.ok(v, doc);
    });
  }

  private static void result(Cluster view, ArrayNode results, InstanceEntry e) throws IOException {
    ObjectNode r = results.addObject();
    r.put("packageName", e.pkg());
    r.put("appId", "/" + e.role() + "/" + e.id());
    r.put("packageVersion", e.version());
    notes(view, e).ifPresent(n -> r.put("postUninstallNotes", n));
  }

  static List<InstanceEntry> installed(Cluster view) {
    List<InstanceEntry> out = new ArrayList<>();
    for (InstanceEntry e : view.index().instances()) {
      if (e.state() == StoredState.INSTALLED) {
        out.add(e);
      }
    }
    return out;
  }

  private static Optional<String> notes(Cluster view, InstanceEntry e) throws IOException {
    StagedPackages staged = new StagedPackages(view.storage());
    Optional<StageManifest> m = staged.manifest(e.pkg(), e.version());
    if (m.isEmpty()) {
      return Optional.empty();
    }
    PackageDefinition def = staged.load(m.get());
    return Optional.ofNullable(def.packageJson().path("postUninstallNotes").textValue());
  }
}
