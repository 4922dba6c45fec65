package io.zeta.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One package version as a repository lists it, valid or not. For a broken version the name,
 * version and releaseVersion are what could be read (from its directory or index entry) and may
 * be null.
 */
public record PackageListing(String name, String version, Integer releaseVersion, PackageSummary summary,
    List<PackageProblem> problems) {

  public PackageListing {
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  public static PackageListing valid(PackageSummary summary) {
    return new PackageListing(summary.name(), summary.version(), summary.releaseVersion(), summary, List.of());
  }

  @JsonIgnore
  public boolean isValid() {
    return summary != null;
  }
}
