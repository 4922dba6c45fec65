package io.zeta.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRef;
import io.zeta.cluster.Access.Action;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.lifecycle.InstallInstance;
import io.zeta.lifecycle.InstanceRecord;
import io.zeta.lifecycle.Progress;
import io.zeta.lifecycle.StageManifest;
import io.zeta.lifecycle.StagedPackages;
import io.zeta.lifecycle.StartInstance;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /package/install} (v2, v1): Cosmos's install as a Zeta instance. The app id
 * {@code /<role>/<id>} names the instance ({@link InstanceAppId}); the version is staged first when
 * it is not (from the repositories, as {@code zeta package install --stage}), installed with
 * {@code InstallInstance}, then started without waiting, as Cosmos posts the app to Marathon and
 * answers while it deploys. Refusals in Cosmos's types: 403 {@code Forbidden} (asked first, so an
 * outsider learns nothing of the role), {@code PackageNotFound}, {@code VersionNotFound},
 * {@code JsonSchemaMismatch}, 409 {@code PackageAlreadyInstalled}; each is audited.
 */
final class PackageInstallResource implements Resource {
  private static final Rpc RPC = Rpc.of("package.install", "InstallRequest-schema.json", 2, 1);
  static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private final Packages packages;
  private final ServedInstances instances;

  PackageInstallResource(Packages packages, ServedInstances instances) {
    this.packages = packages;
    this.instances = instances;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/package/install", request -> {
      int v = RPC.negotiate(request);
      ObjectNode body = RPC.body(request);
      String name = body.get("packageName").asText();
      Optional<String> version = Optional.ofNullable(body.get("packageVersion")).map(n -> n.asText());
      ObjectNode options = body.get("options") instanceof ObjectNode o ? o : Json.object();
      InstanceAppId at = body.hasNonNull("appId") ? InstanceAppId.parse(body.get("appId").asText())
          : InstanceAppId.defaultFor(name);
      Cluster view = instances.forRequest(request);
      InstanceRecord record = instances.audited(view, "package install", at.target(), () -> install(view, at, name,
          version, options));
      ObjectNode doc = Json.object();
      doc.put("packageName", record.pkg());
      doc.put("packageVersion", record.version());
      doc.put("appId", at.appId());
      if (v == 2) {
        PackageDefinition def = staged(view, record.pkg(), record.version());
        Optional.ofNullable(def.packageJson().path("postInstallNotes").textValue())
            .ifPresent(n -> doc.put("postInstallNotes", n));
        def.resource().map(r -> r.get("cli")).filter(c -> c != null && c.isObject())
            .ifPresent(c -> doc.set("cli", c.deepCopy()));
      }
      return RPC.ok(v, doc);
    });
  }

  private InstanceRecord install(Cluster view, InstanceAppId at, String name, Optional<String> version,
      ObjectNode options) throws IOException {
    // Who may comes first: a principal outside the role is told only that.
    view.access().require(Action.INSTALL, at.role());
    PackageDefinition def = definition(view, name, version);
    Rpc.checkOptions(def, options);
    Optional<InstanceEntry> existing = view.index().instance(at.role(), at.id());
    if (existing.isPresent() && existing.get().state() == StoredState.INSTALLED) {
      ObjectNode data = Json.object();
      data.put("packageName", existing.get().pkg());
      data.put("appId", at.appId());
      throw CosmosError.of(409, "PackageAlreadyInstalled", "Package is already installed: " + at.appId() + " is "
          + existing.get().pkg() + " " + existing.get().version(), data, Map.of());
    }
    InstanceRecord record = new InstallInstance(view, packages::catalog, instances.fetcher(view), Progress.NONE)
        .run(new InstallInstance.Request(new PackageRef(def.name(), Optional.of(def.version())), at.role(), at.id(),
            Optional.empty(), options, true, Optional.empty()));
    try {
      new StartInstance(view, instances.runtime()).run(at.role(), at.id(), false, START_TIMEOUT);
    } catch (ZetaException e) {
      ObjectNode data = Json.object();
      data.put("appId", at.appId());
      throw CosmosError.of(503, "ServiceUnavailable", at.appId() + " was installed but could not be started: "
          + e.getMessage() + " (start it with `zeta package start " + at.target() + "` once the scheduler runs)", data,
          Map.of());
    }
    return record;
  }

  /** The version to install: staged already, else from the repositories (Cosmos's PackageNotFound / VersionNotFound). */
  private PackageDefinition definition(Cluster view, String name, Optional<String> version) throws IOException {
    StagedPackages staged = new StagedPackages(view.storage());
    if (version.isPresent()) {
      Optional<StageManifest> there = staged.manifest(name, version.get());
      if (there.isPresent()) {
        return staged.load(there.get());
      }
      return packages.resolve(name, version);
    }
    try {
      return packages.resolve(name, Optional.empty());
    } catch (CosmosError notInRepositories) {
      List<StageManifest> versions = staged.versions(name);
      if (versions.isEmpty()) {
        throw notInRepositories;
      }
      return staged.load(versions.get(0));
    }
  }

  private static PackageDefinition staged(Cluster view, String name, String version) throws IOException {
    StagedPackages staged = new StagedPackages(view.storage());
    return staged.load(staged.manifest(name, version).orElseThrow());
  }
}
