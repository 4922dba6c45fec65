package io.zeta.lifecycle;

import io.zeta.ZetaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A role env file ({@code env_<role>/<pkg>_<id>.sh}, and {@code env.sh} in the home): one
 * {@code export NAME="value"} per export, as the original Zeta wrote them. Inside double quotes
 * the shell expands only {@code \ " $ `}, which are escaped, so no value (quotes, {@code $(...)},
 * newlines) can break out when the file is sourced.
 */
final class EnvFile {
  static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
  private static final Pattern EXPORT = Pattern.compile("^export ([A-Za-z_][A-Za-z0-9_]*)=\"");

  private EnvFile() {}

  static String render(Map<String, String> exports) {
    StringBuilder sb = new StringBuilder("#!/bin/bash\n");
    exports.forEach((name, value) -> sb.append("export ").append(name).append("=\"").append(quoted(name, value))
        .append("\"\n"));
    return sb.toString();
  }

  static String quoted(String name, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new ZetaException("env export " + name + ": its value contains a NUL character, which no shell variable can hold");
    }
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`");
  }

  /**
   * The names a file in this format exports, in order. Values may span lines, so the file is read
   * as the shell reads it (a line inside a value is not an export).
   */
  static List<String> names(String content) {
    List<String> names = new ArrayList<>();
    exports(content, (name, value) -> names.add(name));
    return names;
  }

  /**
   * The exports of a file as {@link #render} writes them, in order, their values unquoted; lines
   * that are not such an export (comments, what a hand added) are skipped.
   */
  static Map<String, String> parse(String content) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    exports(content, out::put);
    return out;
  }

  /** Each export of the file, name and unquoted value; a value ends at the first unescaped double quote. */
  private static void exports(String content, java.util.function.BiConsumer<String, String> export) {
    int i = 0;
    int n = content.length();
    while (i < n) {
      int eol = content.indexOf('\n', i);
      String line = content.substring(i, eol < 0 ? n : eol);
      var m = EXPORT.matcher(line);
      if (!m.find()) {
        i = eol < 0 ? n : eol + 1;
        continue;
      }
      StringBuilder value = new StringBuilder();
      int j = i + m.end();
      while (j < n && content.charAt(j) != '"') {
        char c = content.charAt(j);
        if (c == '\\' && j + 1 < n && "\\\"$`".indexOf(content.charAt(j + 1)) >= 0) {
          value.append(content.charAt(j + 1));
          j += 2;
        } else {
          value.append(c);
          j++;
        }
      }
      export.accept(m.group(1), value.toString());
      int next = content.indexOf('\n', Math.min(j, n));
      i = next < 0 ? n : next + 1;
    }
  }
}
