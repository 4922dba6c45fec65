package io.zeta.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which version changes a package allows, by Cosmos's rule (packaging 4.0+ {@code upgradesFrom}
 * and {@code downgradesTo}, lists of versions where {@code "*"} means any): an installed version A
 * may become B when B's {@code upgradesFrom} names A, or A's {@code downgradesTo} names B. Either
 * list absent is an empty list, so a package that declares neither allows no version change; a
 * change of options within one version is always allowed.
 */
public final class UpgradePath {
  private UpgradePath() {}

  /** The versions a package's package.json lists under {@code field}; empty when absent. */
  public static List<String> versions(PackageDefinition pkg, String field) {
    List<String> out = new ArrayList<>();
    JsonNode list = pkg.packageJson().path(field);
    if (list.isArray()) {
      list.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  private static boolean names(List<String> specs, String version) {
    return specs.stream().anyMatch(s -> s.equals("*") || s.equals(version));
  }

  /** Why {@code from} may not become {@code to}, or empty when it may. */
  public static Optional<String> refusal(PackageDefinition from, PackageDefinition to) {
    return refusal(from.version(), versions(from, "downgradesTo"), to);
  }

  /**
   * As {@link #refusal(PackageDefinition, PackageDefinition)}, with only the installed version
   * and its {@code downgradesTo} known (its definition may no longer be staged).
   */
  public static Optional<String> refusal(String fromVersion, List<String> fromDowngradesTo, PackageDefinition to) {
    if (fromVersion.equals(to.version())) {
      return Optional.empty();
    }
    List<String> upgradesFrom = versions(to, "upgradesFrom");
    if (names(upgradesFrom, fromVersion) || names(fromDowngradesTo, to.version())) {
      return Optional.empty();
    }
    return Optional.of(to.name() + " " + to.version() + " does not upgrade from " + fromVersion
        + " (its package.json upgradesFrom is " + (upgradesFrom.isEmpty() ? "absent" : upgradesFrom)
        + ", and " + fromVersion + "'s downgradesTo is " + (fromDowngradesTo.isEmpty() ? "absent" : fromDowngradesTo)
        + ")");
  }
}
