package io.zeta.catalog;

import java.util.List;

/** What search and list-versions need of a package version, cheap to cache. */
public record PackageSummary(
    String name,
    String version,
    int releaseVersion,
    String packagingVersion,
    String description,
    List<String> tags,
    boolean selected,
    boolean framework,
    boolean hasTemplate,
    String repository) {

  public PackageSummary {
    tags = List.copyOf(tags);
  }
}
