package io.zeta.scheduler.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Marathon's {@code label} filter of {@code GET /v2/apps} (its LabelSelectorParsers grammar):
 * <pre>
 * query    := selector {"," selector}
 * selector := term ("in" | "notin") "(" [term {"," term}] ")" | term ("==" | "!=") term | term
 * term     := one or more of [-A-Za-z0-9_.] or a backslash-escaped character
 * </pre>
 * Whitespace may stand between tokens. Every selector must hold; a selector on a key the app does
 * not have never holds, {@code !=} and {@code notin} included. An empty query selects everything.
 */
final class LabelSelector implements Predicate<Map<String, String>> {
  /** One selector: the label must exist and its value pass the test. */
  private record Selector(String key, Predicate<String> value) {}

  /** A query Marathon would refuse; the message says where and why. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  private final List<Selector> selectors;

  private LabelSelector(List<Selector> selectors) {
    this.selectors = List.copyOf(selectors);
  }

  static LabelSelector parse(String query) throws Invalid {
    return new Parser(query).query();
  }

  @Override
  public boolean test(Map<String, String> labels) {
    for (Selector s : selectors) {
      String v = labels.get(s.key());
      if (v == null || !s.value().test(v)) {
        return false;
      }
    }
    return true;
  }

  /** A recursive-descent parser with the backtracking of the Scala parser combinators it mirrors. */
  private static final class Parser {
    private final String in;
    private int pos;

    Parser(String in) {
      this.in = in;
    }

    LabelSelector query() throws Invalid {
      List<Selector> out = new ArrayList<>();
      skipSpace();
      if (pos == in.length()) {
        return new LabelSelector(out);
      }
      out.add(selector());
      while (true) {
        skipSpace();
        if (pos == in.length()) {
          return new LabelSelector(out);
        }
        if (!literal(",")) {
          throw fail("',' or the end of the selector expected");
        }
        out.add(selector());
      }
    }

    private Selector selector() throws Invalid {
      String key = term();
      int afterKey = pos;
      skipSpace();
      // "in"/"notin" make a set selector only when a set follows; otherwise the key stands alone.
      String op = literal("in") ? "in" : literal("notin") ? "notin" : null;
      if (op != null) {
        skipSpace();
        if (peek() == '(') {
          List<String> set = set();
          return op.equals("in") ? new Selector(key, set::contains) : new Selector(key, v -> !set.contains(v));
        }
      }
      pos = afterKey;
      skipSpace();
      if (literal("==")) {
        String value = term();
        return new Selector(key, value::equals);
      }
      if (literal("!=")) {
        String value = term();
        return new Selector(key, v -> !v.equals(value));
      }
      pos = afterKey;
      return new Selector(key, v -> true);
    }

    private List<String> set() throws Invalid {
      literal("(");
      List<String> out = new ArrayList<>();
      skipSpace();
      if (literal(")")) {
        return out;
      }
      out.add(term());
      while (true) {
        skipSpace();
        if (literal(")")) {
          return out;
        }
        if (!literal(",")) {
          throw fail("',' or ')' expected");
        }
        out.add(term());
      }
    }

    /** Letters, digits, '-', '_', '.', or any character after a backslash (the backslash dropped). */
    private String term() throws Invalid {
      skipSpace();
      StringBuilder sb = new StringBuilder();
      while (pos < in.length()) {
        char c = in.charAt(pos);
        if (c == '\\' && pos + 1 < in.length()) {
          sb.append(in.charAt(pos + 1));
          pos += 2;
        } else if (c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
          sb.append(c);
          pos++;
        } else {
          break;
        }
      }
      if (sb.length() == 0) {
        throw fail("a label or value expected (characters other than letters, digits, '-', '_' and '.' "
            + "need a backslash before them)");
      }
      return sb.toString();
    }

    private boolean literal(String s) {
      if (in.startsWith(s, pos)) {
        pos += s.length();
        return true;
      }
      return false;
    }

    private char peek() {
      return pos < in.length() ? in.charAt(pos) : ' ';
    }

    private void skipSpace() {
      while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
        pos++;
      }
    }

    private Invalid fail(String what) {
      String found = pos < in.length() ? "'" + in.charAt(pos) + "'" : "the end";
      return new Invalid(what + " at position " + (pos + 1) + ", but found " + found);
    }
  }
}
