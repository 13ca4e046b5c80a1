package io.nearline.recovery.postgres;

import java.util.Locale;

/**
 * What a server's data directory holds.
 *
 * @param run the recovery run that restored (or began restoring) it, for those kinds
 * @param version the PostgreSQL version of a cluster found there
 */
record DataDirectoryState(Kind kind, long run, String version) {
  enum Kind { MISSING, EMPTY, RESTORED, PARTLY_RESTORED, CLUSTER, FILES }

  /** Reads what {@link PostgresStandby#dataDirectoryState} prints: a kind and its detail. */
  static DataDirectoryState parse(String printed) {
    String[] words = printed.strip().split("\\s+", 2);
    Kind kind = Kind.valueOf(words[0].toUpperCase(Locale.ROOT).replace('-', '_'));
    String detail = words.length > 1 ? words[1] : "";
    boolean byRun = kind == Kind.RESTORED || kind == Kind.PARTLY_RESTORED;
    return new DataDirectoryState(kind, byRun ? Long.parseLong(detail) : 0,
        kind == Kind.CLUSTER ? detail : null);
  }

  /** Nothing there: a restore may go in. */
  boolean isFree() {
    return kind == Kind.MISSING || kind == Kind.EMPTY;
  }

  /** A copy Nearline restored, whole or cut short: Nearline's to replace. */
  boolean isNearlines() {
    return kind == Kind.RESTORED || kind == Kind.PARTLY_RESTORED;
  }

  boolean isRestoredBy(long run) {
    return kind == Kind.RESTORED && this.run == run;
  }

  boolean isPartlyRestoredBy(long run) {
    return kind == Kind.PARTLY_RESTORED && this.run == run;
  }

  /** As operators read it in check reports and the journal. */
  @Override
  public String toString() {
    return switch (kind) {
      case MISSING -> "missing";
      case EMPTY -> "empty";
      case RESTORED -> "restored by run " + run;
      case PARTLY_RESTORED -> "partly restored by run " + run;
      case CLUSTER -> "a PostgreSQL " + version + " cluster";
      case FILES -> "files";
    };
  }
}
