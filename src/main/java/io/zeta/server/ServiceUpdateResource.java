package io.zeta.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.PackageDefinition;
import io.zeta.cluster.Access.Action;
import io.zeta.cluster.Cluster;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.lifecycle.InstanceChange;
import io.zeta.lifecycle.Progress;
import io.zeta.lifecycle.StageManifest;
import io.zeta.lifecycle.StagePackage;
import io.zeta.lifecycle.StagedPackages;
import io.zeta.lifecycle.UpgradeInstance;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code POST /service/update} (and {@code /cosmos/service/update}): a new revision of the
 * instance with other options, as {@code zeta package upgrade ROLE/ID --set ...} makes it
 * ({@code UpgradeInstance}): the stored options merged with the given ones, or with
 * {@code replace} only the given ones over the defaults. Unlike open-source Cosmos (which answers
 * {@code VersionUpgradeNotSupportedInOpen}), a {@code packageVersion} the packages'
 * {@code upgradesFrom}/{@code downgradesTo} allow is applied too, staged first when needed. A
 * running instance is updated with Marathon's rolling semantics, forced over a deployment in
 * progress as Cosmos forces its PUT; as Cosmos, the answer goes out
 * once the scheduler took the change, while it deploys; {@code marathonDeploymentId} is the deployment that did it (empty when the instance
 * is not running: only its files changed).
 */
final class ServiceUpdateResource implements Resource {
  private static final Rpc RPC = Rpc.of("service.update", "ServiceUpdateRequest-schema.json", 1);
  /** How long the scheduler may take to accept each app's change (a deployment that locks it, then the PUT). */
  static final Duration TIMEOUT = Duration.ofSeconds(25);
  private final Packages packages;
  private final ServedInstances instances;

  ServiceUpdateResource(Packages packages, ServedInstances instances) {
    this.packages = packages;
    this.instances = instances;
  }

  @Override
  public void register(Routes routes) {
    for (String path : new String[] {"/service/update", "/cosmos/service/update"}) {
      routes.post(path, request -> {
        int v = RPC.negotiate(request);
        ObjectNode body = RPC.body(request);
        InstanceAppId at = InstanceAppId.parse(body.get("appId").asText());
        ObjectNode options = body.get("options") instanceof ObjectNode o ? o : Json.object();
        boolean replace = body.get("replace").asBoolean();
        Optional<String> version = Optional.ofNullable(body.get("packageVersion")).map(n -> n.asText());
        Cluster view = instances.forRequest(request);
        InstanceChange.Result result = instances.audited(view, "package upgrade", at.target(), () -> {
          view.access().require(Action.UPGRADE, at.role());
          ServiceDescribeResource.Installed it = ServiceDescribeResource.installed(view, at);
          PackageDefinition target = version.isEmpty() || version.get().equals(it.pkg().version()) ? it.pkg()
              : stagedOrStage(view, it.pkg().name(), version.get());
          ObjectNode merged = replace ? options : Json.deepMerge(it.record().userOptions() == null ? Json.object()
              : it.record().userOptions(), options);
          Rpc.checkOptions(target, merged);
          return new UpgradeInstance(view, instances.runtime(), note -> { })
              .run(new UpgradeInstance.Request(at.role(), at.id(), version, options, replace,
                  new InstanceChange.Settings(false, true, TIMEOUT, 10, false)));
        });
        ServiceDescribeResource.Installed now = ServiceDescribeResource.installed(view, at);
        ObjectNode doc = Json.object();
        doc.set("package", PackageForms.service(now.pkg()));
        doc.set("resolvedOptions", now.record().resolvedOptions() == null ? Json.object()
            : now.record().resolvedOptions().deepCopy());
        doc.put("marathonDeploymentId", result.deployments().isEmpty() ? "" : result.deployments().get(0));
        return RPC.ok(v, doc);
      });
    }
  }

  /** Another version of the package: staged, or staged now from the repositories ({@code VersionNotFound} otherwise). */
  private PackageDefinition stagedOrStage(Cluster view, String name, String version) throws java.io.IOException {
    StagedPackages staged = new StagedPackages(view.storage());
    Optional<StageManifest> there = staged.manifest(name, version);
    if (there.isPresent()) {
      return staged.load(there.get());
    }
    PackageDefinition fromRepository = packages.resolve(name, Optional.of(version));
    return staged.load(new StagePackage(view, instances.fetcher(view), Progress.NONE).run(fromRepository,
        Optional.empty()).manifest());
  }
}
