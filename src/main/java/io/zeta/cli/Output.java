package io.zeta.cli;

import io.zeta.json.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Plain tables for people, JSON for scripts. */
final class Output {
  private Output() {}

  static void json(PrintWriter out, Object value) {
    out.println(Json.pretty(value));
    out.flush();
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

  static String truncate(String s, int max) {
    String oneLine = s.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
  }

  private static String cell(List<String> row, int i) {
    return i < row.size() && row.get(i) != null ? row.get(i) : "";
  }
}
