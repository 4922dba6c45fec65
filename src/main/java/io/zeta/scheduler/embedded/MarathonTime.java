package io.zeta.scheduler.embedded;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Marathon's timestamps and versions: ISO-8601 in UTC, always with milliseconds. */
final class MarathonTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private MarathonTime() {}

  static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  static String now() {
    return format(Instant.now());
  }
}
