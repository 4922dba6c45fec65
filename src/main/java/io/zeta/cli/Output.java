package io.zeta.cli;

import io.zeta.json.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain tables for people, JSON for scripts. Text from packages, ids and the audit log is
 * untrusted: every human-readable output passes it through {@link #safe} (one-line fields) or
 * {@link #safeText} (paragraphs), so no control character or bidi override reaches a terminal raw
 * and no package can forge a line of a table.
 */
final class Output {
  private Output() {}

  /**
   * JSON as Jackson writes it (control characters are already escaped in strings), plus C1
   * controls and bidi overrides as JSON backslash-u escapes: the same JSON value, harmless on a terminal.
   */
  static void json(PrintWriter out, Object value) {
    try {
      out.println(Json.MAPPER.writer(JSON_ESCAPES).withDefaultPrettyPrinter().writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e);
    }
    out.flush();
  }

  private static final com.fasterxml.jackson.core.io.CharacterEscapes JSON_ESCAPES =
      new com.fasterxml.jackson.core.io.CharacterEscapes() {
        private final int[] ascii = asciiEscapes();

        private int[] asciiEscapes() {
          int[] codes = standardAsciiEscapesForJSON();
          codes[0x7f] = ESCAPE_CUSTOM;
          return codes;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
          return ascii;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int c) {
          return unsafe(c) ? new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", c)) : null;
        }
      };

  /** Whether a character may not reach a terminal raw: C0 and C1 controls, DEL, bidi controls. */
  static boolean unsafe(int c) {
    return Character.isISOControl(c) || io.zeta.catalog.PackageFiles.isFormatControl(c);
  }

  /** A one-line field: every unsafe character (tab and line breaks too) as a backslash-x or backslash-u escape. */
  static String safe(String s) {
    return escape(s, false);
  }

  /** A paragraph: as {@link #safe}, but a line feed stays a line break (a CR, and so a CRLF, is escaped). */
  static String safeText(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean keepLineFeeds) {
    if (s == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean keep = !unsafe(c) || (keepLineFeeds && c == '\n' && (i == 0 || s.charAt(i - 1) != '\r'));
      if (keep && out == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (keep) {
        out.append(c);
      } else if (c == '\t' || c == '\n' || c == '\r') {
        out.append(c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r");
      } else if (c < 0x100) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out == null ? s : out.toString();
  }

  /** Left-aligned columns, two spaces apart; the last column is not padded. */
  static void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
    int n = headers.size();
    int[] width = new int[n];
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < n; i++) {
        width[i] = Math.max(width[i], cell(row, i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < n; i++) {
        String c = cell(row, i);
        line.append(c);
        if (i < n - 1) {
          line.append(" ".repeat(width[i] - c.length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  /** One line of at most {@code max} characters, escaped as {@link #safe}. */
  static String truncate(String s, int max) {
    String oneLine = safe(s.strip()).replaceAll(" {2,}", " ");
    if (oneLine.length() <= max) {
      return oneLine;
    }
    int cut = max - 3;
    if (Character.isLowSurrogate(oneLine.charAt(cut))) {
      cut--;
    }
    return oneLine.substring(0, cut) + "...";
  }

  private static String cell(List<String> row, int i) {
    return i < row.size() && row.get(i) != null ? safe(row.get(i)) : "";
  }
}
