package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.UpgradePath;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.cluster.Names;
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
 * {@link #dryRun} shows the same change as {@code zeta package diff} does, after the same checks.
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
   * @param to the version; empty for the installed one (a change of options)
   * @param options the options given on the command line (may be empty)
   * @param reset start from the version's defaults instead of the instance's options
   */
  public record Request(String role, String id, Optional<String> to, ObjectNode options, boolean reset,
      InstanceChange.Settings settings) {}

  public InstanceChange.Result run(Request req) throws IOException {
    InstanceChange change = new InstanceChange(cluster, runtime, notes);
    return change.run(req.role(), req.id(), "upgrade", current -> {
      InstanceRecord record = current.record();
      Chosen chosen = choose(record, current.target(), req);
      ObjectNode options = req.reset() ? req.options().deepCopy()
          : Json.deepMerge(change.userOptions(record), req.options());
      String description = record.version().equals(chosen.pkg().version())
          ? "options of " + chosen.pkg().version() + " changed"
          : "upgrade from " + record.version() + " to " + chosen.pkg().version();
      return new InstanceChange.Target(chosen.manifest(), chosen.pkg(), options, "upgrade", description, Optional.empty());
    }, req.settings());
  }

  /**
   * {@code upgrade --dry-run}: the checks of an upgrade, then the plan {@code zeta package diff}
   * shows (apps and files, unified diffs, secret values masked), with the revision and data
   * snapshot it would record. Takes no lock, writes nothing.
   */
  public Plan dryRun(Request req) throws IOException {
    String role = Names.role(req.role());
    String id = Names.instanceId(req.id());
    cluster.access().require(io.zeta.cluster.Access.Action.UPGRADE, role);
    InstanceEntry entry = cluster.index().instance(role, id).filter(e -> e.state() == StoredState.INSTALLED)
        .orElseThrow(() -> new ZetaException("no instance " + role + "/" + id + " is installed", "see `zeta package list`",
            null));
    InstanceRecord record = UninstallInstance.readRecord(cluster.storage(), entry.home()).orElseThrow(() ->
        new ZetaException(entry.home() + "/" + InstanceRecord.FILE + " is missing", "run `zeta cluster doctor`", null));
    Chosen chosen = choose(record, role + "/" + id, req);
    Plan plan = new DiffInstance(cluster).run(new DiffInstance.Request(role, id, Optional.of(chosen.pkg().version()),
        req.options(), req.reset()));
    Revisions revisions = new Revisions(cluster.storage(), entry.home());
    int n = Math.max(2, revisions.next());
    plan.note("it records revision " + n + " in " + entry.home() + "/" + Revisions.DIR + "/" + n + ".json (history limit "
        + req.settings().historyMax() + ")");
    List<String> dirs = record.persistentDirs();
    if (!dirs.isEmpty()) {
      plan.note(cluster.storage().snapshots().isPresent()
          ? "it snapshots " + String.join(", ", dirs) + " first, as " + Revisions.SNAPSHOT_PREFIX + n
          : "data is not snapshotted on " + cluster.storage().scheme() + ": clusters");
    }
    return plan;
  }

  private record Chosen(StageManifest manifest, PackageDefinition pkg) {}

  private Chosen choose(InstanceRecord record, String target, Request req) throws IOException {
    StagedPackages staged = new StagedPackages(cluster.storage());
    String version = req.to().map(Names::version).orElse(record.version());
    StageManifest manifest = staged.manifest(record.pkg(), version).orElseThrow(() -> new ZetaException(
        record.pkg() + " " + version + " is not staged on this cluster",
        "stage it first: zeta package stage " + record.pkg() + "@" + version, null));
    PackageDefinition pkg = staged.load(manifest);
    Optional<StageManifest> installed = staged.manifest(record.pkg(), record.version());
    List<String> downgradesTo = installed.isPresent()
        ? UpgradePath.versions(staged.load(installed.get()), "downgradesTo") : List.of();
    Optional<String> refusal = UpgradePath.refusal(record.version(), downgradesTo, pkg);
    if (refusal.isPresent()) {
      throw new ZetaException(target + " cannot be upgraded: " + refusal.get() + "; nothing was changed",
          "choose a version that lists " + record.version() + " in upgradesFrom (`zeta package list-versions "
              + record.pkg() + "`), or install a new instance", null);
    }
    return new Chosen(manifest, pkg);
  }
}
