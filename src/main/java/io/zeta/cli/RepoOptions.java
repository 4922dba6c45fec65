package io.zeta.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --repo URI}, repeatable: use these repositories instead of the configured list. */
final class RepoOptions {
  @Option(names = "--repo", paramLabel = "URI",
      description = "Use this repository (a Universe directory, an index file, or an http(s) index URI) "
          + "instead of the configured list. Repeatable; the first has the highest priority.")
  List<String> repos = new ArrayList<>();
}
