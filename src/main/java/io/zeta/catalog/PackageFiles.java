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

  /** The longest path of a package file, and of one of its segments. */
  public static final int MAX_PATH = 1024;
  public static final int MAX_SEGMENT = 255;

  /**
   * Why a package file's path is refused, if it is: every path becomes part of a URI and a path
   * on shared storage, so each segment is letters, digits and {@code . _ - + @ = , ~} only, and
   * not {@code .} or {@code ..} ({@code a:b.txt} would read as a URI scheme, {@code \} as a
   * separator on some systems, control characters as terminal commands).
   */
  public static Optional<String> pathProblem(String path) {
    if (path.isEmpty() || path.length() > MAX_PATH) {
      return Optional.of("file path must be 1 to " + MAX_PATH + " characters");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return Optional.of("file path may not have an empty, '.' or '..' segment");
      }
      if (segment.length() > MAX_SEGMENT) {
        return Optional.of("file name longer than " + MAX_SEGMENT + " characters");
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        boolean ok = c < 0x80 && (Character.isLetterOrDigit(c) || "._-+@=,~".indexOf(c) >= 0);
        if (!ok) {
          return Optional.of("file name may only hold letters, digits and . _ - + @ = , ~ (found "
              + (Character.isISOControl(c) || isFormatControl(c) || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'")
              + ")");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The invisible characters that reorder text on a terminal (Unicode bidi embeddings, overrides
   * and isolates, and the directional marks), which like control characters may not reach one raw.
   */
  public static boolean isFormatControl(int c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
  }

  /** How to name a file of this package in an error message. */
  public String describe(String path) {
    return origin.contains("#") ? origin + " (" + path + ")" : origin + "/" + path;
  }
}
