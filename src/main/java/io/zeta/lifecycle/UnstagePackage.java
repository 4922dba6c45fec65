package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Access.Action;
import io.zeta.cluster.ClusterIndex;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.LockInfo;
import io.zeta.cluster.Locks;
import io.zeta.cluster.Names;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code zeta package unstage}: removes a staged version, refused while an installed instance
 * uses it. The stage is first renamed out of sight, so no new install can pick it up, then the
 * users are checked again (an install may have started in between) and it is put back if any.
 */
public final class UnstagePackage {
  private final Cluster cluster;
  private final List<String> notes = new java.util.ArrayList<>();

  public UnstagePackage(Cluster cluster) {
    this.cluster = cluster;
  }

  /** What the last run said besides its result (manifests it could not delete). */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * The version's images in the cluster registry no other staged version of the package pins
   * (a stage whose image was already there pins the same digest).
   */
  private List<io.zeta.images.ImageStager.StagedImage> ownImages(StageManifest manifest) throws IOException {
    java.util.Set<String> others = new java.util.HashSet<>();
    for (StageManifest m : new StagedPackages(cluster.storage()).versions(manifest.pkg())) {
      if (!m.version().equals(manifest.version())) {
        m.stagedImages().forEach(i -> others.add(i.repository() + "@" + i.digest()));
      }
    }
    return manifest.stagedImages().stream().filter(i -> !others.contains(i.repository() + "@" + i.digest())).toList();
  }

  /** Deletes the manifests (registry DELETE by digest); what cannot be deleted is a note, the unstage goes on. */
  private void deleteImages(List<io.zeta.images.ImageStager.StagedImage> images) throws IOException {
    if (images.isEmpty()) {
      return;
    }
    java.util.Optional<io.zeta.images.RegistryEndpoint> registry = io.zeta.images.ClusterRegistry.current(cluster,
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
    if (registry.isEmpty()) {
      notes.add(images.size() + " image manifest(s) stay in the cluster registry: it is not running (start it and "
          + "delete them with the registry API, or leave them: they are only space)");
      return;
    }
    for (String f : io.zeta.images.ImageStager.delete(new io.zeta.images.RegistryClient(registry.get()), images)) {
      notes.add("could not delete " + f);
    }
    if (cluster.config().registryConfig().embedded()) {
      notes.add("the embedded registry reclaims the space of deleted images at its next start (garbage collection)");
    }
  }

  /**
   * {@code unstage --dry-run}: the same checks (a version in use is refused alike) and the plan
   * of what unstage would delete; changes nothing, takes no lock.
   */
  public Plan dryRun(String pkg, Optional<String> version) throws IOException {
    cluster.access().require(Action.UNSTAGE, null);
    StageManifest manifest = choose(pkg, version);
    String v = manifest.version();
    checkUnused(pkg, v);
    Storage storage = cluster.storage();
    String dir = ClusterLayout.stageDir(pkg, v);
    Plan plan = new Plan("unstage", pkg + "@" + v).fact("package", pkg).fact("version", v);
    plan.delete(Plan.Kind.DIRECTORY, dir, "with everything in it: " + Plan.tally(storage, dir));
    String entry = ClusterLayout.INDEX_STAGES + "/" + new ClusterIndex.StageEntry(pkg, v).fileName();
    if (storage.exists(entry)) {
      plan.index(Plan.Action.REMOVE, entry);
    }
    for (io.zeta.images.ImageStager.StagedImage i : ownImages(manifest)) {
      plan.delete(Plan.Kind.IMAGE, i.reference(), "its manifest in the cluster registry");
    }
    String stageRoot = ClusterLayout.stageRoot(pkg);
    if (storage.list(stageRoot).stream().allMatch(f -> f.path().equals(dir))) {
      plan.delete(Plan.Kind.DIRECTORY, stageRoot, "left empty");
      String shared = ClusterLayout.SHARED + "/" + pkg;
      if (storage.list(shared).stream().allMatch(f -> f.path().equals(stageRoot))) {
        plan.delete(Plan.Kind.DIRECTORY, shared, "left empty");
      }
    }
    return plan;
  }

  private StageManifest choose(String pkg, Optional<String> version) throws IOException {
    StagedPackages staged = new StagedPackages(cluster.storage());
    StageManifest manifest;
    if (version.isPresent()) {
      manifest = staged.manifest(pkg, Names.version(version.get())).orElseThrow(() -> new ZetaException(
          pkg + "@" + version.get() + " is not staged", "see `zeta package status " + pkg + "`", null));
    } else {
      List<StageManifest> all = staged.versions(pkg);
      if (all.isEmpty()) {
        throw new ZetaException(pkg + " is not staged");
      }
      if (all.size() > 1) {
        throw new ZetaException(pkg + " has several staged versions (" + String.join(", ", all.stream().map(StageManifest::version).toList())
            + "); say which: zeta package unstage " + pkg + "@VERSION");
      }
      manifest = all.get(0);
    }
    return manifest;
  }

  public StageManifest run(String pkg, Optional<String> version) throws IOException {
    cluster.access().require(Action.UNSTAGE, null);
    StageManifest manifest = choose(pkg, version);
    String v = manifest.version();
    String dir = ClusterLayout.stageDir(pkg, v);
    String trash = ClusterLayout.stageTmp(pkg, "unstage-" + v, UUID.randomUUID().toString().substring(0, 8));
    ObjectNode intent = Json.object();
    intent.put("pkg", pkg);
    intent.put("version", v);
    intent.put("trash", trash);
    Storage storage = cluster.storage();
    try (Locks.Lock lock = cluster.locks().acquire("stage@" + pkg + "@" + v, "unstage", intent)) {
      checkUnused(pkg, v);
      storage.rename(dir, trash);
      try {
        checkUnused(pkg, v);
      } catch (ZetaException inUse) {
        storage.rename(trash, dir);
        throw inUse;
      }
      List<io.zeta.images.ImageStager.StagedImage> images = ownImages(manifest);
      cluster.index().remove(new ClusterIndex.StageEntry(pkg, v));
      deleteImages(images);
      storage.delete(trash, true);
      UninstallInstance.deleteIfEmpty(storage, ClusterLayout.stageRoot(pkg));
      UninstallInstance.deleteIfEmpty(storage, ClusterLayout.SHARED + "/" + pkg);
      return manifest;
    }
  }

  private void checkUnused(String pkg, String version) {
    List<String> users = cluster.index().instances().stream()
        .filter(e -> e.pkg().equals(pkg) && e.version().equals(version) && e.state() == StoredState.INSTALLED)
        .map(e -> e.role() + "/" + e.id()).toList();
    if (!users.isEmpty()) {
      throw new ZetaException(pkg + "@" + version + " is in use by " + String.join(", ", users),
          "uninstall those instances first", null);
    }
    for (LockInfo l : cluster.locks().list()) {
      if (l.name().startsWith("instance@") && pkg.equals(l.intent().path("pkg").asText())
          && version.equals(l.intent().path("version").asText())) {
        throw new ZetaException(pkg + "@" + version + " is being installed as " + l.intent().path("role").asText() + "/"
            + l.intent().path("id").asText() + " (" + l.describe() + ")");
      }
    }
  }
}
