package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageFiles;
import io.zeta.catalog.PackageLoader;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.Names;
import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The packages staged on a cluster, read from {@code /zeta/shared/<pkg>/stage/<version>/}: each
 * holds the whole package definition, so installs need no repository.
 */
public final class StagedPackages {
  static final String MANIFEST = "stage.json";
  static final String PACKAGE_DIR = "package";
  static final String ARTIFACTS_DIR = "artifacts";

  private final Storage storage;

  public StagedPackages(Storage storage) {
    this.storage = storage;
  }

  public Optional<StageManifest> manifest(String pkg, String version) throws IOException {
    try {
      String path = ClusterLayout.stageDir(pkg, Names.version(version)) + "/" + MANIFEST;
      return Optional.of(Json.read(storage.read(path), StageManifest.class, path));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Staged versions of a package, newest release first. */
  public List<StageManifest> versions(String pkg) throws IOException {
    List<StageManifest> out = new ArrayList<>();
    for (FileInfo f : storage.list(ClusterLayout.stageRoot(pkg))) {
      if (f.directory() && !f.name().startsWith(".")) {
        manifest(pkg, f.name()).ifPresent(out::add);
      }
    }
    out.sort(Comparator.comparingInt(StageManifest::releaseVersion).reversed());
    return out;
  }

  /** The staged version to use: the one asked for, or the newest staged release. */
  public StageManifest choose(String pkg, Optional<String> version) throws IOException {
    if (version.isPresent()) {
      return manifest(pkg, version.get()).orElseThrow(() -> new ZetaException(pkg + "@" + version.get() + " is not staged",
          "stage it with `zeta package stage " + pkg + "@" + version.get() + "`, or install with --stage", null));
    }
    List<StageManifest> staged = versions(pkg);
    if (staged.isEmpty()) {
      throw new ZetaException(pkg + " is not staged", "stage it with `zeta package stage " + pkg + "`, or install with --stage", null);
    }
    return staged.get(0);
  }

  /** Loads and validates the staged definition. */
  public PackageDefinition load(StageManifest manifest) throws IOException {
    String dir = ClusterLayout.stageDir(manifest.pkg(), manifest.version()) + "/" + PACKAGE_DIR;
    Map<String, byte[]> files = new TreeMap<>();
    readTree(dir, "", files);
    PackageFiles packageFiles = new PackageFiles(storage.uri(dir), files);
    return PackageLoader.load(packageFiles, manifest.releaseVersion(), URI.create(storage.uri(dir) + "/"), manifest.source());
  }

  private void readTree(String dir, String prefix, Map<String, byte[]> files) throws IOException {
    for (FileInfo f : storage.list(dir)) {
      if (f.directory()) {
        readTree(f.path(), prefix + f.name() + "/", files);
      } else {
        files.put(prefix + f.name(), storage.read(f.path()));
      }
    }
  }

  /** The cluster path of a staged artifact. */
  public static String artifactPath(StageManifest manifest, StageManifest.StagedArtifact artifact) {
    return ClusterLayout.stageDir(manifest.pkg(), manifest.version()) + "/" + artifact.file();
  }
}
