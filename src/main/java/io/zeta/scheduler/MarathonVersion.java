package io.zeta.scheduler;

import io.zeta.ZetaException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Marathon release as far as app definitions go: major and minor ({@code 1.9.460} is 1.9).
 * Apps are checked against 1.7's JSON Schema plus the fields each later release added
 * ({@link AppValidator}); Zeta knows no release older than 1.7.
 */
public record MarathonVersion(int major, int minor) implements Comparable<MarathonVersion> {
  /** The release whose JSON Schema Zeta bundles, and what an unknown Marathon is taken to be. */
  public static final MarathonVersion BASELINE = new MarathonVersion(1, 7);
  private static final Pattern VERSION = Pattern.compile("^v?(\\d{1,4})\\.(\\d{1,4})(?:[.\\-+].*)?$");

  /** Reads what {@code /v2/info} says ({@code 1.9.460}, {@code 1.7.0-zeta}), or empty when it is no version. */
  public static java.util.Optional<MarathonVersion> fromInfo(String text) {
    if (text == null) {
      return java.util.Optional.empty();
    }
    Matcher m = VERSION.matcher(text.strip());
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new MarathonVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
  }

  /** Parses a version the user gave ({@code --marathon-version 1.9}); {@code what} names it in errors. */
  public static MarathonVersion parse(String text, String what) {
    MarathonVersion v = fromInfo(text).orElseThrow(() -> new ZetaException(what + " '" + text
        + "' is not a Marathon version", "give MAJOR.MINOR, for example 1.9 (what /v2/info says as \"version\")", null));
    if (v.compareTo(BASELINE) < 0) {
      throw new ZetaException(what + " " + v + ": Zeta checks apps for Marathon " + BASELINE + " and later",
          "give " + BASELINE + " for an older Marathon (its rules are the closest Zeta knows)", null);
    }
    return v;
  }

  public boolean atLeast(MarathonVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(MarathonVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
