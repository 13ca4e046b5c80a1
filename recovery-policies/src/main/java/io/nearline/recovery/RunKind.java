package io.nearline.recovery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What a recovery run does. */
public enum RunKind {
  FAILOVER("failover"),
  FAILBACK("failback"),
  /** A recovery in isolation that re-homes nobody and cleans up after itself. */
  DRILL("drill"),
  /** A cutover of a protected server to a newer version of its application. */
  MIGRATION("migration"),
  /** A run that only planned: every step said what it would change, nothing changed. */
  DRY_RUN("dry-run");

  private final String id;

  RunKind(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static RunKind of(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("runs are failover, failback, drill, migration or dry-run, "
            + "not " + id));
  }
}
