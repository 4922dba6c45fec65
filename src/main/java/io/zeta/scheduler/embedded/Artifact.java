package io.zeta.scheduler.embedded;

import java.util.List;
import java.util.Locale;

/** One entry of {@code fetch} (or a legacy {@code uris} entry converted as Marathon converts it). */
record Artifact(String uri, boolean extract, boolean executable, boolean cache, String destPath) {
  /** Marathon's FetchUri.supportedFileTypes: legacy {@code uris} are extracted only when they end so. */
  private static final List<String> EXTRACTABLE = List.of(".tar", ".tar.gz", ".tar.bz2", ".tar.xz", ".gz", ".tgz",
      ".tbz2", ".txz", ".zip");

  static Artifact fromLegacyUri(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    return new Artifact(uri, EXTRACTABLE.stream().anyMatch(lower::endsWith), false, false, null);
  }
}
