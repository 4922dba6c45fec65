package io.zeta.cluster.volume;

import io.zeta.ZetaException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quota values as users write them. Space: bytes with a binary suffix, as {@code hdfs dfsadmin
 * -setSpaceQuota} reads them ({@code 500m}, {@code 100g}, {@code 1.5t}; {@code k m g t p}, with
 * an optional {@code b} or {@code ib}). Namespace: a count of files and directories with a
 * decimal suffix ({@code 1m} = 1,000,000; {@code k m}). {@code none} removes a quota.
 */
public final class QuotaSizes {
  private static final Pattern SPACE = Pattern.compile("(\\d{1,19})(?:\\.(\\d{1,6}))?([kmgtp]?)(?:i?b)?");
  private static final Pattern COUNT = Pattern.compile("(\\d{1,19})([km]?)");
  private static final String UNITS = "kmgtp";

  private QuotaSizes() {}

  public static Limit space(String text, String option) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("none")) {
      return Limit.NONE;
    }
    Matcher m = SPACE.matcher(t);
    if (!m.matches()) {
      throw bad(option, text, "a size such as 500m, 100g or 1.5t (binary units k, m, g, t, p), or none");
    }
    BigDecimal number = new BigDecimal(m.group(1) + (m.group(2) == null ? "" : "." + m.group(2)));
    int power = m.group(3).isEmpty() ? 0 : UNITS.indexOf(m.group(3)) + 1;
    BigDecimal bytes = number.multiply(BigDecimal.valueOf(1024).pow(power)).setScale(0, RoundingMode.CEILING);
    return limit(bytes, option, text);
  }

  public static Limit namespace(String text, String option) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("none")) {
      return Limit.NONE;
    }
    Matcher m = COUNT.matcher(t);
    if (!m.matches()) {
      throw bad(option, text, "a number of files and directories such as 10000, 500k or 1m (decimal), or none");
    }
    long factor = switch (m.group(2)) {
      case "k" -> 1_000;
      case "m" -> 1_000_000;
      default -> 1;
    };
    return limit(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)), option, text);
  }

  private static Limit limit(BigDecimal value, String option, String text) {
    if (value.signum() <= 0) {
      throw bad(option, text, "a quota of at least 1 (none removes the quota)");
    }
    // HDFS keeps Long.MAX_VALUE for "leave unchanged": the largest quota is one less.
    if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE - 1)) > 0) {
      throw bad(option, text, "a quota below 8 EiB");
    }
    return Limit.of(value.longValueExact());
  }

  private static ZetaException bad(String option, String text, String expected) {
    return new ZetaException(option + " '" + text + "' is not a quota: expected " + expected,
        "for example " + option + (option.contains("space") ? " 100g" : " 1m") + "; see `zeta role set --help`", null);
  }

  /** "9.5 MiB", "384 MiB", "12 B". */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    double v = n;
    int unit = -1;
    while (v >= 1024 && unit < UNITS.length() - 1) {
      v /= 1024;
      unit++;
    }
    String number = v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    return number + " " + Character.toUpperCase(UNITS.charAt(unit)) + "iB";
  }

  /** A size as {@link #space} reads it back, rounded up to a whole unit: "20m", "2g". */
  public static String spaceInput(long n) {
    int unit = 0;
    long scale = 1;
    while (unit < UNITS.length() && n >= scale * 1024 * 10) {
      scale *= 1024;
      unit++;
    }
    long whole = (n + scale - 1) / scale;
    return whole + (unit == 0 ? "" : String.valueOf(UNITS.charAt(unit - 1)));
  }
}
