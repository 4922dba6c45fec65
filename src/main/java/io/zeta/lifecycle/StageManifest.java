package io.zeta.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * {@code stage.json} of a staged package version: what was staged, from where, and each
 * artifact's staged file with its sha256. Written last into the stage before it is published.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageManifest(int format, String pkg, String version, int releaseVersion, String packagingVersion,
    String source, String stagedAt, String stagedBy, List<StagedArtifact> artifacts, Map<String, String> images) {
  public static final int FORMAT = 1;

  public StageManifest {
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    images = images == null ? Map.of() : Map.copyOf(images);
  }

  /**
   * One staged artifact. {@code file} is relative to the stage directory; {@code origin} is
   * {@code resource} (resource.json assets.uris) or {@code zeta} (zeta.json artifacts).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record StagedArtifact(String alias, String origin, String url, String file, String sha256, long size,
      boolean executable, boolean extract) {}
}
