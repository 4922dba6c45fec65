package io.zeta.lifecycle;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.List;

/**
 * The unified diff of two texts (java-diff-utils: Myers' algorithm), with three lines of context,
 * as `diff -u` and `git diff` print it; a missing side is {@code /dev/null}. Callers mask secret
 * values on both sides first.
 */
final class UnifiedDiff {
  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  /** The diff, or empty text when the two are the same. {@code before} or {@code after} null: the file is created or deleted. */
  static String of(String path, String before, String after) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    Patch<String> patch = DiffUtils.diff(a, b);
    if (patch.getDeltas().isEmpty()) {
      return "";
    }
    String name = path.startsWith("/") ? path : "/" + path;
    List<String> out = UnifiedDiffUtils.generateUnifiedDiff(before == null ? "/dev/null" : "a" + name,
        after == null ? "/dev/null" : "b" + name, a, patch, CONTEXT);
    return String.join("\n", out) + "\n";
  }

  private static List<String> lines(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    return List.of((text.endsWith("\n") ? text.substring(0, text.length() - 1) : text).split("\n", -1));
  }
}
