package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.lifecycle.ArtifactFetcher;
import io.zeta.lifecycle.ArtifactPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** What staging may fetch: the operator's allowed local directories and the artifact size cap. */
final class ArtifactOptions {
  private static final Pattern SIZE = Pattern.compile("^(\\d+)\\s*([KMGT]?)(i?B)?$", Pattern.CASE_INSENSITIVE);

  @Option(names = "--allow-local-artifacts", paramLabel = "DIR",
      description = "Allow artifact URLs file:///... under this local directory (symlinks resolved); packages may "
          + "otherwise use only http(s) URLs and files inside the package. Repeatable.")
  List<String> localDirs = new ArrayList<>();

  @Option(names = "--max-artifact-size", paramLabel = "SIZE",
      description = "Refuse an artifact larger than this: bytes, or with K, M, G, T (binary units). Default 8G.")
  String maxSize;

  ArtifactFetcher fetcher(ZetaEnv env, Cluster cluster) {
    List<Path> dirs = localDirs.stream().map(env::path).toList();
    return new ArtifactFetcher(Hadoop.configuration(cluster), ArtifactPolicy.of(dirs, Optional.ofNullable(maxSize)
        .map(ArtifactOptions::parseSize)));
  }

  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new ZetaException("--max-artifact-size '" + text + "': expected a size such as 512M or 8G");
    }
    int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
      case "K" -> 10;
      case "M" -> 20;
      case "G" -> 30;
      case "T" -> 40;
      default -> 0;
    };
    try {
      long n = Long.parseLong(m.group(1));
      if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new ZetaException("--max-artifact-size '" + text + "': must be a positive size below 8 EiB");
    }
  }
}
