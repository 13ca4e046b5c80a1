package io.nearline.shadow.postgres;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A time as PostgreSQL's settings take it. {@code recovery_target_time} refuses ISO-8601's
 * {@code T} and {@code Z} ("invalid value"), so it gets {@code 2026-12-02 13:31:08.476192+00}.
 */
public final class PgTimestamp {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

  private PgTimestamp() {}

  public static String of(Instant time) {
    return FORMAT.format(time);
  }
}
