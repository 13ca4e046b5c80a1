package io.nearline.services;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a server's migration stands. */
public enum MigrationState {
  /** Planned; no cutover yet (or the last one was rolled back). */
  PLANNED,
  /** A cutover is running. */
  CUTTING_OVER,
  /** A cutover stopped at a failed step: retry, skip or roll it back. */
  FAILED,
  /** Clients use the new version; a rollback is possible until the window closes. */
  MIGRATED,
  /** The cutover was rolled back: clients use the old server again. */
  ROLLED_BACK,
  /**
   * Migrated, and the old server retired: the rollback window closed (or it was retired
   * early), the replication back to it is down, and a rollback would lose writes.
   */
  RETIRED;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
