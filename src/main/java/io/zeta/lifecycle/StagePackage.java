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

  public StagePackage(Cluster cluster, ArtifactFetcher fetcher, Progress progress) {
    this.cluster = cluster;
    this.fetcher = fetcher;
    this.progress = progress;
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
    Storage storage = cluster.storage();
    StagedPackages staged = new StagedPackages(storage);
    String nonce = UUID.randomUUID().toString().substring(0, 8);
    String tmp = ClusterLayout.stageTmp(name, version, nonce);
    ObjectNode intent = Json.object();
    intent.put("pkg", name);
    intent.put("version", version);
    intent.put("tmp", tmp);
    try (Locks.Lock lock = cluster.locks().acquire("stage@" + name + "@" + version, "stage", intent)) {
      Optional<StageManifest> existing = staged.manifest(name, version);
      if (existing.isPresent()) {
        return new Result(false, existing.get());
      }
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
        StageManifest manifest = new StageManifest(StageManifest.FORMAT, name, version, pkg.releaseVersion(),
            pkg.packagingVersion(), pkg.sourceUri(), Instant.now().toString(), cluster.doneBy(), artifacts,
            images(pkg));
        storage.createExclusive(tmp + "/" + StagedPackages.MANIFEST, Json.prettyBytes(manifest));
        storage.rename(tmp, ClusterLayout.stageDir(name, version));
        cluster.index().add(new ClusterIndex.StageEntry(name, version));
        return new Result(true, manifest);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(storage, tmp);
        deleteQuietlyIfEmpty(storage, ClusterLayout.stageRoot(name));
        deleteQuietlyIfEmpty(storage, ClusterLayout.SHARED + "/" + name);
        throw e;
      }
    }
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
