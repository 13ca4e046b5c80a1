package io.nearline.recovery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What a recovery point names. */
public enum PointKind {
  /** The latest consistent point. */
  LATEST("latest"),
  /** A time: ISO-8601. */
  TIME("time"),
  /** A log position; policy files have always called it lsn. */
  POSITION("lsn"),
  /** A tagged recovery point. */
  TAG("tag");

  private final String id;

  PointKind(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static PointKind of(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("recovery point kind must be latest, time, lsn or "
            + "tag, not " + id));
  }
}
