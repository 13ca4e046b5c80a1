package io.nearline.recovery;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.nearline.common.config.Check;
import io.nearline.common.config.CrossChecked;
import io.nearline.common.config.Describe;
import io.nearline.common.config.Problems;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Where a recovery stops replaying: the latest consistent point, a time, a log position, or a
 * tagged consistency point. A position's own form is the application's to check.
 */
public record RecoveryPoint(
    @Describe("latest, time, lsn (a log position) or tag") @Check.Required PointKind kind,
    @Describe("The time (ISO-8601), position or tag; empty for latest") String value)
    implements CrossChecked {
  public static final RecoveryPoint LATEST = new RecoveryPoint(PointKind.LATEST, "");
  private static final Pattern NAME = Pattern.compile(Names.REGEX);

  @JsonIgnore
  public boolean isLatest() {
    return kind == PointKind.LATEST;
  }

  @Override
  public void check(Problems problems) {
    switch (kind) {
      case LATEST -> { }
      case TIME -> {
        try {
          Instant.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
          problems.add("value", "must be an ISO-8601 time such as 2026-11-23T10:15:30Z, not "
              + value);
        }
      }
      case POSITION -> {
        if (value == null || value.isBlank()) {
          problems.add("value", "is required: the log position to recover to");
        }
      }
      case TAG -> {
        if (value == null || !NAME.matcher(value).matches()) {
          problems.add("value", "must be " + Names.MEANS + ", not " + value);
        }
      }
    }
  }

  @Override
  public String toString() {
    return isLatest() ? "latest" : kind.id() + " " + value;
  }
}
