package io.zeta.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The files of one package version, by path relative to the package directory
 * ({@code package.json}, {@code config.json}, {@code zeta.json}, templates...). The same shape whether
 * the package came from a Universe directory, a repository index or a stage on shared storage,
 * so that one loader validates all of them.
 *
 * @param origin where the files came from, used to name them in errors (a directory, or an index URI with a pointer)
 */
public record PackageFiles(String origin, Map<String, byte[]> files) {
  public static final String PACKAGE = "package.json";
  public static final String CONFIG = "config.json";
  public static final String RESOURCE = "resource.json";
  public static final String COMMAND = "command.json";
  public static final String MARATHON = "marathon.json.mustache";
  public static final String ZETA = "zeta.json";

  public PackageFiles {
    files = Collections.unmodifiableMap(new TreeMap<>(files));
  }

  public Optional<byte[]> get(String path) {
    return Optional.ofNullable(files.get(path));
  }

  public Optional<String> text(String path) {
    return get(path).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  public boolean has(String path) {
    return files.containsKey(path);
  }

  /** How to name a file of this package in an error message. */
  public String describe(String path) {
    return origin.contains("#") ? origin + " (" + path + ")" : origin + "/" + path;
  }
}
