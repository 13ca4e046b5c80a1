package io.nearline.recovery.migration;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a migration moves the data to the new version. */
public enum MigrationPath {
  /** Copied and kept in step by logical replication while the old server takes writes. */
  LOGICAL,
  /** Copied whole while writes are stopped; copied back whole by a rollback. */
  DUMP;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
