package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.ZetaExtension;
import io.zeta.cluster.Capabilities;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Access.Action;
import io.zeta.cluster.ClusterIndex;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.Locks;
import io.zeta.cluster.Names;
import io.zeta.cluster.storage.Storage;
import io.zeta.images.ImageStager;
import io.zeta.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code zeta package stage}: copies a package version's definition and every artifact into
 * {@code /zeta/shared/<pkg>/stage/<version>/}. Built in a temporary directory beside it and
 * published with one rename, so a failed or interrupted stage leaves no stage directory; staging
 * a staged version does nothing.
 */
public final class StagePackage {
  private static final Pattern SAFE_FILE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+-]{0,254}$");

  private final Cluster cluster;
  private final ArtifactFetcher fetcher;
  private final Progress progress;
  private Images images = Images.DEFAULT;

  public StagePackage(Cluster cluster, ArtifactFetcher fetcher, Progress progress) {
    this.cluster = cluster;
    this.fetcher = fetcher;
    this.progress = progress;
  }

  /**
   * How images are staged: mirrors given to the command (over the cluster's), a local work
   * directory for the tools, and where an embedded registry restarted by a stage logs.
   */
  public record Images(Map<String, String> mirrors, java.nio.file.Path workRoot, java.nio.file.Path logDir,
      boolean allowBuildNetwork) {
    public static final Images DEFAULT = new Images(Map.of(), java.nio.file.Path.of(System.getProperty("java.io.tmpdir")),
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir")), false);

    public Images {
      mirrors = Map.copyOf(mirrors);
    }
  }

  public StagePackage withImages(Images next) {
    this.images = next;
    return this;
  }

  /** What staging did. */
  public record Result(boolean created, StageManifest manifest) {}

  /**
   * @param mirror where to fetch artifacts from instead of their URLs (a directory or base URL
   *     holding them by file name), for air-gapped clusters and tests
   */
  public Result run(PackageDefinition pkg, Optional<String> mirror) throws IOException {
    String name = pkg.name();
    String version = Names.version(pkg.version());
    cluster.access().require(Action.STAGE, null);
    Capabilities.require(pkg.zeta().requires(), cluster.capabilities(), name + "@" + version, cluster.name());
    List<PlannedArtifact> plan = plan(pkg, mirror, fetcher.policy());
    List<ImageStager.Planned> imagePlan = ImageStager.plan(pkg);
    Storage storage = cluster.storage();
    StagedPackages staged = new StagedPackages(storage);
    String nonce = UUID.randomUUID().toString().substring(0, 8);
    String tmp = ClusterLayout.stageTmp(name, version, nonce);
    ObjectNode intent = Json.object();
    intent.put("pkg", name);
    intent.put("version", version);
    intent.put("tmp", tmp);
    if (!imagePlan.isEmpty()) {
      // What a recovery of this stage, killed, undoes: the tags it pushes and the tools' local work directory.
      var tags = intent.putArray("images");
      imagePlan.forEach(p -> tags.add(name + "/" + p.name() + ":" + io.zeta.images.ImageRef.tagOf(version)));
      intent.put("host", io.zeta.cluster.Actor.current().host());
      intent.put("work", io.zeta.images.ImageStager.workDir(images.workRoot(), nonce).toString());
    }
    try (Locks.Lock lock = cluster.locks().acquire("stage@" + name + "@" + version, "stage", intent)) {
      Optional<StageManifest> existing = staged.manifest(name, version);
      if (existing.isPresent()) {
        return new Result(false, existing.get());
      }
      Pushed pushed = null;
      try {
        storage.mkdirs(tmp, 0755);
        for (Map.Entry<String, byte[]> f : pkg.files().files().entrySet()) {
          String rel = safeRelative(f.getKey());
          try (var out = storage.create(tmp + "/" + StagedPackages.PACKAGE_DIR + "/" + rel)) {
            out.write(f.getValue());
          }
        }
        List<StageManifest.StagedArtifact> artifacts = new ArrayList<>();
        for (PlannedArtifact a : plan) {
          String file = StagedPackages.ARTIFACTS_DIR + "/" + a.alias() + "/" + a.fileName();
          ArtifactFetcher.Fetched fetched = fetcher.fetch("artifact " + a.alias(),
              new ArtifactFetcher.Source(a.source(), a.confinedTo(), a.sha256(), a.size()), storage, tmp + "/" + file, progress);
          if (a.extract() && !a.executable()) {
            try (var in = storage.open(tmp + "/" + file)) {
              ArchiveInspector.check("artifact " + a.alias(), a.fileName(), in);
            }
          }
          artifacts.add(new StageManifest.StagedArtifact(a.alias(), a.origin(), a.url(), file, fetched.sha256(),
              fetched.size(), a.executable(), a.extract()));
        }
        pushed = stageImages(pkg, version, imagePlan, staged, nonce);
        StageManifest manifest = new StageManifest(StageManifest.FORMAT, name, version, pkg.releaseVersion(),
            pkg.packagingVersion(), pkg.sourceUri(), Instant.now().toString(), cluster.doneBy(), artifacts,
            images(pkg), pushed.images());
        storage.createExclusive(tmp + "/" + StagedPackages.MANIFEST, Json.prettyBytes(manifest));
        storage.rename(tmp, ClusterLayout.stageDir(name, version));
        pushed = null;
        cluster.index().add(new ClusterIndex.StageEntry(name, version));
        return new Result(true, manifest);
      } catch (IOException | RuntimeException e) {
        if (pushed != null) {
          pushed.undo();
        }
        deleteQuietly(storage, tmp);
        deleteQuietlyIfEmpty(storage, ClusterLayout.stageRoot(name));
        deleteQuietlyIfEmpty(storage, ClusterLayout.SHARED + "/" + name);
        throw e;
      }
    }
  }

  /** Images this stage pushed, and how to delete them again if the stage is not published. */
  private record Pushed(List<ImageStager.StagedImage> images, Optional<io.zeta.images.RegistryEndpoint> registry,
      java.util.Set<String> keep) {
    void undo() {
      registry.ifPresent(r -> ImageStager.delete(new io.zeta.images.RegistryClient(r), images.stream()
          .filter(ImageStager.StagedImage::copied).filter(i -> !keep.contains(i.repository() + "@" + i.digest())).toList()));
    }
  }

  /**
   * Copies the package's images into the cluster registry. Without one running (never started,
   * stopped), the images stay as the package names them, with a note; a stale embedded registry
   * (killed) is started again first.
   */
  private Pushed stageImages(PackageDefinition pkg, String version, List<ImageStager.Planned> plan, StagedPackages staged,
      String nonce) throws IOException {
    if (plan.isEmpty()) {
      return new Pushed(List.of(), Optional.empty(), java.util.Set.of());
    }
    List<String> notes = new ArrayList<>();
    Optional<io.zeta.images.RegistryEndpoint> registry = io.zeta.images.ClusterRegistry.endpoint(cluster, images.logDir(), notes);
    notes.forEach(progress::note);
    if (registry.isEmpty()) {
      progress.note(pkg.name() + "@" + version + ": " + plan.size() + " image(s) not copied: cluster " + cluster.name()
          + " has no registry running (`zeta registry start`; then unstage and stage again to pin them)");
      return new Pushed(List.of(), registry, java.util.Set.of());
    }
    java.util.Set<String> keep = new java.util.HashSet<>();
    for (StageManifest other : staged.versions(pkg.name())) {
      other.stagedImages().forEach(i -> keep.add(i.repository() + "@" + i.digest()));
    }
    Map<String, String> mirrors = new java.util.TreeMap<>(cluster.config().registryConfig().mirrors());
    mirrors.putAll(images.mirrors());
    List<ImageStager.StagedImage> done = new ImageStager(registry.get(), new ImageStager.Settings(mirrors, images.workRoot(),
        images.allowBuildNetwork()))
        .stage(pkg, version, plan, keep, nonce, m -> progress.note(pkg.name() + "@" + version + " image " + m));
    return new Pushed(done, registry, keep);
  }

  /**
   * Undoes the image side of a stage that was killed (from its lock's intent): deletes the local
   * work directory of the tools when it is on this host, and the manifests it pushed under its
   * tags that no staged version of the package pins, when the registry runs (else they stay: the
   * next stage of the version takes them over, as they are the inspected digests). The intent is
   * read from shared storage, so every path and name in it is checked first. Returns the rest of
   * the sentence of {@code doctor}'s recovery line.
   */
  static String undoImages(Cluster cluster, JsonNode intent) {
    String pkg = intent.path("pkg").asText();
    List<String> done = new ArrayList<>();
    String work = intent.path("work").asText();
    if (!work.isEmpty() && intent.path("host").asText().equals(io.zeta.cluster.Actor.current().host())
        && ImageStager.removeWorkDir(java.nio.file.Path.of(work))) {
      done.add("removed its work directory " + work);
    }
    List<String> tags = new ArrayList<>();
    intent.path("images").forEach(t -> tags.add(t.asText()));
    if (!tags.isEmpty()) {
      try {
        Optional<io.zeta.images.RegistryEndpoint> registry = io.zeta.images.ClusterRegistry.current(cluster,
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        if (registry.isEmpty()) {
          done.add("its image copies stay until the registry runs (the next stage of the version takes them over)");
        } else {
          java.util.Set<String> pinned = new java.util.HashSet<>();
          for (StageManifest m : new StagedPackages(cluster.storage()).versions(pkg)) {
            m.stagedImages().forEach(i -> pinned.add(i.repository() + "@" + i.digest()));
          }
          int deleted = ImageStager.deleteUnpinned(new io.zeta.images.RegistryClient(registry.get()), pkg, tags, pinned);
          if (deleted > 0) {
            done.add("deleted " + deleted + " image manifest(s) it had pushed");
          }
        }
      } catch (IOException | RuntimeException e) {
        done.add("its image copies stay (" + io.zeta.Causes.describe(e) + ")");
      }
    }
    return done.isEmpty() ? ", nothing changed" : "; " + String.join("; ", done);
  }

  /**
   * An artifact to fetch: where from (for a local file, the real directory it must stay in), under
   * which file name it is staged, and what the package says of it.
   */
  record PlannedArtifact(String alias, String origin, String url, URI source, Optional<java.nio.file.Path> confinedTo,
      String fileName, Optional<String> sha256, Optional<Long> size, boolean executable, boolean extract) {}

  /** As {@link #plan(PackageDefinition, Optional, ArtifactPolicy)} with no local directory allowed. */
  static List<PlannedArtifact> plan(PackageDefinition pkg, Optional<String> mirror) {
    return plan(pkg, mirror, ArtifactPolicy.DEFAULT);
  }

  /**
   * Every artifact of resource.json (assets.uris) and zeta.json, resolved and checked before
   * anything is written: each URL must pass the policy even with a mirror, since a package that
   * names /etc/shadow is bad wherever its artifacts are fetched from.
   */
  static List<PlannedArtifact> plan(PackageDefinition pkg, Optional<String> mirror, ArtifactPolicy policy) {
    Map<String, PlannedArtifact> plan = new LinkedHashMap<>();
    JsonNode uris = pkg.resource().map(r -> r.path("assets").path("uris")).orElse(Json.object());
    uris.fields().forEachRemaining(e -> plan.put(e.getKey(), planned(pkg, e.getKey(), "resource", e.getValue().asText(),
        Optional.empty(), Optional.empty(), false, true, mirror, policy)));
    for (ZetaExtension.Artifact a : pkg.zeta().artifacts().values()) {
      plan.put(a.alias(), planned(pkg, a.alias(), "zeta", a.url(), a.sha256(), a.size(), a.executable(), a.extract(),
          mirror, policy));
    }
    return List.copyOf(plan.values());
  }

  private static PlannedArtifact planned(PackageDefinition pkg, String alias, String origin, String url,
      Optional<String> sha256, Optional<Long> size, boolean executable, boolean extract, Optional<String> mirror,
      ArtifactPolicy policy) {
    if (!alias.matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")) {
      throw new ZetaException(pkg + ": artifact alias '" + alias + "' cannot be used as a directory name");
    }
    ArtifactPolicy.Checked checked = policy.check(pkg + ": artifact " + alias, pkg.location(), url);
    String fileName = fileName(checked.uri(), alias);
    if (mirror.isPresent()) {
      // The operator's mirror is trusted as the operator is: any scheme, no confinement.
      return new PlannedArtifact(alias, origin, url, mirrorUri(mirror.get(), fileName), Optional.empty(), fileName,
          sha256, size, executable, extract);
    }
    return new PlannedArtifact(alias, origin, url, checked.uri(), checked.confinedTo(), fileName, sha256, size,
        executable, extract);
  }

  /** The Mesos fetcher names a download after the URI's last segment; the staged copy keeps that name. */
  static String fileName(URI uri, String alias) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String last = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    return SAFE_FILE.matcher(last).matches() ? last : alias;
  }

  private static URI mirrorUri(String mirror, String fileName) {
    String base = mirror.endsWith("/") ? mirror : mirror + "/";
    if (!base.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return java.nio.file.Path.of(base).toAbsolutePath().resolve(fileName).toUri();
    }
    return URI.create(base).resolve(fileName);
  }

  /** A package file path as a stage path: relative, no '.' or '..' segments (no traversal out of the stage). */
  static String safeRelative(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
      throw new ZetaException("package file '" + path + "' has an unsafe path");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new ZetaException("package file '" + path + "' has an unsafe path");
      }
    }
    return path;
  }

  private static Map<String, String> images(PackageDefinition pkg) {
    Map<String, String> images = new LinkedHashMap<>();
    pkg.resource().map(r -> r.path("assets").path("container").path("docker")).orElse(Json.object())
        .fields().forEachRemaining(e -> images.put(e.getKey(), e.getValue().asText()));
    return images;
  }

  static void deleteQuietlyIfEmpty(Storage storage, String dir) {
    try {
      UninstallInstance.deleteIfEmpty(storage, dir);
    } catch (IOException | RuntimeException ignored) {
      // An empty directory left here is reported and removed by `zeta cluster doctor`.
    }
  }

  static void deleteQuietly(Storage storage, String path) {
    try {
      storage.delete(path, true);
    } catch (IOException | RuntimeException ignored) {
      // Leftovers under a temporary name are found and removed by `zeta cluster doctor`.
    }
  }
}
