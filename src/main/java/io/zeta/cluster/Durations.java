package io.zeta.cluster;

import io.zeta.ZetaException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type and read them: {@code 0}, {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} (or ISO-8601 {@code PT30S}). */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("^(\\d{1,9})(ms|s|m|h)?$");

  private Durations() {}

  /** Parses a duration; a clear error names what was wrong. Negative durations are refused. */
  public static Duration parse(String text, String what) {
    String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? (n == 0 ? "s" : "") : m.group(2);
      switch (unit) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        default:
          break;
      }
    } else if (t.startsWith("pt") || t.startsWith("p")) {
      try {
        Duration d = Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
        if (!d.isNegative()) {
          return d;
        }
      } catch (DateTimeParseException ignored) {
        // Reported below.
      }
    }
    throw new ZetaException("invalid " + what + " '" + text + "': expected a duration such as 0, 30s, 2m or 1h");
  }

  /** 0 s, 450 ms, 12 s, 3 min 5 s, 2 h 10 min. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms == 0 ? "0 s" : ms + " ms";
    }
    long s = d.toSeconds();
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
  }
}
