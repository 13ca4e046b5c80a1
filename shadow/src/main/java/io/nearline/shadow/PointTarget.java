package io.nearline.shadow;

import java.time.Instant;

/**
 * Where a copy of the past stops replaying.
 *
 * @param kind what {@code value} is
 * @param value a time (ISO-8601), a position in the application's canonical text, or a
 *     transaction id
 */
public record PointTarget(Kind kind, String value) {

  /** What a target names. */
  public enum Kind {
    /** The last transaction committed at or before a time. */
    TIME,
    /** A log position. */
    POSITION,
    /** The commit of one transaction, included. */
    TRANSACTION
  }

  public static PointTarget time(Instant at) {
    return new PointTarget(Kind.TIME, at.toString());
  }

  public static PointTarget position(Position at) {
    return new PointTarget(Kind.POSITION, at.text());
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + value;
  }
}
