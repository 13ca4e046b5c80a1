package io.nearline.recovery.drill;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Where a drill brings the service up. */
public enum DrillTarget {
  /** A copy-on-write clone of the surrogate on the near-line, on a port of its own. */
  SANDBOX("sandbox"),
  /** The pair's real standby, returned to standby status afterwards. */
  STANDBY("standby");

  private final String id;

  DrillTarget(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static DrillTarget of(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("a drill's target is sandbox or standby, not " + id));
  }
}
