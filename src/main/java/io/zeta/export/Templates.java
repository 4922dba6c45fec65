package io.zeta.export;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text surgery on mustache templates for the export: the {@code zeta.*} install context mapped to
 * what Cosmos and Marathon offer, and template text embedded in a JSON string (literal parts
 * JSON-escaped, tags kept, so Cosmos's own escaping of values applies at render time).
 */
final class Templates {
  /** A mustache tag: {{x}}, {{{x}}}, {{&x}}, {{#x}}, {{^x}}, {{/x}}. */
  static final Pattern TAG = Pattern.compile("\\{\\{\\{[^}]*\\}\\}\\}|\\{\\{[^}]*\\}\\}");
  private static final Pattern ZETA_TAG = Pattern.compile("\\{\\{(\\{?)([&#^/]?)\\s*zeta\\.([A-Za-z0-9_.]+)\\s*\\}?\\}\\}");

  /** What a zeta.* key becomes in the export, for one app of the package. */
  interface Mapping {
    /** The replacement text for the tag {{zeta.KEY}}, or null to leave the tag (an option of the export's config.json). */
    String replace(String key);
  }

  private Templates() {}

  /** Replaces every plain {{zeta.KEY}} tag the mapping knows; sections over zeta keys are left (they read the zeta options). */
  static String mapZeta(String template, Mapping mapping) {
    Matcher m = ZETA_TAG.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String replacement = m.group(2).isEmpty() ? mapping.replace(m.group(3)) : null;
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement == null ? m.group() : replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Whether the template uses {{zeta.KEY}} (or a key under it). */
  static boolean uses(String template, String key) {
    Matcher m = ZETA_TAG.matcher(template);
    while (m.find()) {
      if (m.group(3).equals(key) || m.group(3).startsWith(key + ".")) {
        return true;
      }
    }
    return false;
  }

  /** The template as the inside of a JSON string: literal text escaped, mustache tags unchanged. */
  static String inJsonString(String template) {
    Matcher m = TAG.matcher(template);
    StringBuilder sb = new StringBuilder();
    int last = 0;
    while (m.find()) {
      sb.append(jsonEscape(template.substring(last, m.start())));
      sb.append(m.group());
      last = m.end();
    }
    sb.append(jsonEscape(template.substring(last)));
    return sb.toString();
  }

  static String jsonEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
