package io.zeta.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.zeta.images.ImageStager;
import java.util.List;
import java.util.Map;

/**
 * {@code stage.json} of a staged package version: what was staged, from where, and each
 * artifact's staged file with its sha256; {@code images} the package's image references as written,
 * {@code stagedImages} their copies in the cluster registry, pinned by digest (empty when the
 * cluster had no registry running). Written last into the stage before it is published.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageManifest(int format, String pkg, String version, int releaseVersion, String packagingVersion,
    String source, String stagedAt, String stagedBy, List<StagedArtifact> artifacts, Map<String, String> images,
    List<ImageStager.StagedImage> stagedImages) {
  public static final int FORMAT = 1;

  public StageManifest {
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    images = images == null ? Map.of() : Map.copyOf(images);
    stagedImages = stagedImages == null ? List.of() : List.copyOf(stagedImages);
  }

  /** A stage without images in the cluster registry (staged before it, or without one). */
  public StageManifest(int format, String pkg, String version, int releaseVersion, String packagingVersion, String source,
      String stagedAt, String stagedBy, List<StagedArtifact> artifacts, Map<String, String> images) {
    this(format, pkg, version, releaseVersion, packagingVersion, source, stagedAt, stagedBy, artifacts, images, List.of());
  }

  /**
   * One staged artifact. {@code file} is relative to the stage directory; {@code origin} is
   * {@code resource} (resource.json assets.uris) or {@code zeta} (zeta.json artifacts).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record StagedArtifact(String alias, String origin, String url, String file, String sha256, long size,
      boolean executable, boolean extract) {}
}
