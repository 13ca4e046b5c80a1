package io.nearline.recovery;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where a recovery stops replaying: the latest consistent point, a time, a log position, or a
 * tagged consistency point.
 *
 * @param kind {@code latest}, {@code time} (ISO-8601 instant), {@code lsn} or {@code tag}
 * @param value the time, position or tag; empty for latest
 */
public record RecoveryPoint(String kind, String value) {
  public static final RecoveryPoint LATEST = new RecoveryPoint("latest", "");

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isLatest() {
    return "latest".equals(kind);
  }

  public void validate() throws InvalidPolicyException {
    switch (kind == null ? "" : kind) {
      case "latest" -> { }
      case "time" -> {
        try {
          Instant.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
          throw new InvalidPolicyException("recovery point time must be ISO-8601 such as "
              + "2026-11-23T10:15:30Z, not " + value);
        }
      }
      case "lsn" -> {
        if (value == null || !value.matches("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")) {
          throw new InvalidPolicyException("recovery point lsn must look like 0/3000060, not "
              + value);
        }
      }
      case "tag" -> Fields.name("recovery point tag", value);
      default -> throw new InvalidPolicyException(
          "recovery point kind must be latest, time, lsn or tag, not " + kind);
    }
  }

  @Override
  public String toString() {
    return isLatest() ? "latest" : kind + " " + value;
  }
}
