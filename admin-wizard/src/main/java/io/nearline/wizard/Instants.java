package io.nearline.wizard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the console shows them: UTC, to the second, and how long ago. */
final class Instants {
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Instants() {}

  static String shown(Instant at) {
    return at == null ? "-" : SHOWN.format(at);
  }

  /** 12.3 s; a dash for none. */
  static String seconds(Double s) {
    return s == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f s", s);
  }

  static String seconds(Duration d) {
    return seconds(d.toMillis() / 1000.0);
  }

  static String ago(Instant at, Instant now) {
    if (at == null) {
      return "";
    }
    long s = Math.max(0, Duration.between(at, now).toSeconds());
    String span = s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s < 172800 ? s / 3600 + " h"
        : s / 86400 + " days";
    return span + " ago";
  }
}
