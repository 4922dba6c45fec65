package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.UpgradePath;
import io.zeta.cluster.Cluster;
import io.zeta.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code zeta package upgrade}: an installed instance moves to another staged version and/or
 * other options, as a new revision ({@link InstanceChange}). A version change must be allowed by
 * the packages' {@code upgradesFrom}/{@code downgradesTo} ({@link UpgradePath}, Cosmos's rule).
 * Options: by default the instance's current options with the new ones merged on top
 * ({@code --reuse-options}); with {@code reset} only the new ones, over the version's defaults.
 */
public final class UpgradeInstance {
  private final Cluster cluster;
  private final AppRuntime runtime;
  private final Consumer<String> notes;

  public UpgradeInstance(Cluster cluster, AppRuntime runtime, Consumer<String> notes) {
    this.cluster = cluster;
    this.runtime = runtime;
    this.notes = notes;
  }

  /**
   * @param to the version; empty for the newest staged release
   * @param options the options given on the command line (may be empty)
   * @param reset start from the version's defaults instead of the instance's options
   */
  public record Request(String role, String id, Optional<String> to, ObjectNode options, boolean reset,
      InstanceChange.Settings settings) {}

  public InstanceChange.Result run(Request req) throws IOException {
    InstanceChange change = new InstanceChange(cluster, runtime, notes);
    return change.run(req.role(), req.id(), "upgrade", current -> {
      InstanceRecord record = current.record();
      StagedPackages staged = new StagedPackages(cluster.storage());
      StageManifest manifest;
      if (req.to().isPresent()) {
        String version = req.to().get();
        manifest = staged.manifest(record.pkg(), version).orElseThrow(() -> new ZetaException(
            record.pkg() + " " + version + " is not staged on this cluster",
            "stage it first: zeta package stage " + record.pkg() + "@" + version, null));
      } else {
        manifest = staged.choose(record.pkg(), Optional.empty());
      }
      PackageDefinition pkg = staged.load(manifest);
      List<String> downgradesTo = staged.manifest(record.pkg(), record.version()).isPresent()
          ? UpgradePath.versions(staged.load(staged.manifest(record.pkg(), record.version()).get()), "downgradesTo")
          : List.of();
      Optional<String> refusal = UpgradePath.refusal(record.version(), downgradesTo, pkg);
      if (refusal.isPresent()) {
        throw new ZetaException(current.target() + " cannot be upgraded: " + refusal.get() + "; nothing was changed",
            "choose a version that lists " + record.version() + " in upgradesFrom (`zeta package list-versions "
                + record.pkg() + "`), or install a new instance", null);
      }
      ObjectNode options = req.reset() ? req.options().deepCopy()
          : Json.deepMerge(change.userOptions(record), req.options());
      String description = record.version().equals(pkg.version())
          ? "options of " + pkg.version() + " changed" : "upgrade from " + record.version() + " to " + pkg.version();
      return new InstanceChange.Target(manifest, pkg, options, "upgrade", description, Optional.empty());
    }, req.settings());
  }
}
