package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.PackageDefinition;
import io.zeta.cluster.Names;
import io.zeta.render.MarathonRenderer;
import io.zeta.render.Options;
import io.zeta.render.RepositoryCheck;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Renders packages for {@code zeta package repo check}: plain Universe packages as Cosmos would,
 * Zeta packages as an install would (config files and env exports included), at an example place
 * on an example cluster, without staging anything.
 */
public final class CheckRenderer implements RepositoryCheck.AppRenderer {
  private final TargetMarathon target;

  /** @param target the Marathon release each rendered app must be valid for */
  public CheckRenderer(TargetMarathon target) {
    this.target = target;
  }

  /** Checks apps for Marathon 1.7, the oldest release Zeta knows. */
  public CheckRenderer() {
    this(TargetMarathon.of(Optional.empty()));
  }

  static final InstanceRenderer.Site EXAMPLE_SITE =
      new InstanceRenderer.Site("check", "file:///zeta-check", "/zeta-check", path -> "file:///zeta-check" + path);

  @Override
  public List<ObjectNode> render(PackageDefinition pkg, Options defaults) {
    List<ObjectNode> apps = renderApps(pkg, defaults);
    target.check(apps);
    return apps;
  }

  private List<ObjectNode> renderApps(PackageDefinition pkg, Options defaults) {
    if (!pkg.hasZetaExtension()) {
      return pkg.marathonTemplate().isPresent()
          ? List.of(MarathonRenderer.renderApp(pkg, pkg.marathonTemplate().get(), "marathon.json.mustache",
              MarathonRenderer.context(pkg, defaults, io.zeta.json.Json.object()), defaults.user(), Optional.empty()))
          : List.of();
    }
    if (!pkg.zeta().multiApp() && pkg.marathonTemplate().isEmpty()) {
      return List.of();
    }
    return example(pkg, defaults, examplePlacement(pkg, "check")).apps();
  }

  /** The place an example render puts a package: role {@code role} (or shared), id the package's name. */
  static InstanceRenderer.Placement examplePlacement(PackageDefinition pkg, String role) {
    String r = pkg.zeta().instancePolicy() == io.zeta.catalog.InstancePolicy.ONE_PER_CLUSTER ? Names.SHARED_ROLE : role;
    return new InstanceRenderer.Placement(r, pkg.name(), pkg.zeta().recommendedBaseDir());
  }

  /** Renders a package as an install would, at {@code at} on the example cluster, without staging anything. */
  static InstanceRenderer.Rendered example(PackageDefinition pkg, Options options, InstanceRenderer.Placement at) {
    StageManifest manifest = new StageManifest(StageManifest.FORMAT, pkg.name(), pkg.version(), pkg.releaseVersion(),
        pkg.packagingVersion(), pkg.sourceUri(), Instant.now().toString(), "check",
        StagePackage.plan(pkg, Optional.empty()).stream().map(a -> new StageManifest.StagedArtifact(a.alias(), a.origin(),
            a.url(), StagedPackages.ARTIFACTS_DIR + "/" + a.alias() + "/" + a.fileName(), "", 0, a.executable(),
            a.extract())).toList(), java.util.Map.of());
    return InstanceRenderer.render(EXAMPLE_SITE, pkg, manifest, options, at);
  }
}
