package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;

/** The steps PostgreSQL brings to a policy, beside the engine's own. */
final class PostgresSteps {
  /** Instant option: serve clients from a copy-on-write copy of the surrogate on the near-line. */
  static final StepKind INSTANT_SERVE = new StepKind("instant-serve");
  /** Copies the surrogate (or a stored baseline) to the standby, set to recover to the point. */
  static final StepKind RESTORE_DATA = new StepKind("restore-data");
  /** Starts the copy, lets it replay to the point, and waits until it is promoted. */
  static final StepKind PROMOTE = new StepKind("promote");
  /** Connects as a client would and writes; measures RTO and RPO. */
  static final StepKind VERIFY = new StepKind("verify");
  /** Failback: brings the old primary back from the standby (pg_rewind, else a fresh copy). */
  static final StepKind RESTORE_PRIMARY = new StepKind("restore-primary");
  /** Failback: stops the standby once the primary has all its WAL, then promotes the primary. */
  static final StepKind SWITCH_OVER = new StepKind("switch-over");

  /** Drill: a copy-on-write clone of the held surrogate, read-only at its replay point. */
  static final StepKind SANDBOX_SERVE = new StepKind("sandbox-serve");
  /** Drill: the surrogate at the drill's point copied to the standby, set to promote there. */
  static final StepKind STANDBY_RESTORE = new StepKind("standby-restore");
  /** Drill: promotes the drill's server (sandbox or standby) and checks it takes writes. */
  static final StepKind DRILL_PROMOTE = new StepKind("drill-promote");

  /** Migration: the new version's cluster on the target, started. */
  static final StepKind MIGRATE_TARGET = new StepKind("migrate-target");
  /** Migration: roles, databases and schema on the new cluster. */
  static final StepKind MIGRATE_SCHEMA = new StepKind("migrate-schema");
  /** Migration: the initial copy, then catch-up by logical replication. */
  static final StepKind MIGRATE_COPY = new StepKind("migrate-copy");
  /** Migration: every table compared at one position before writes stop. */
  static final StepKind MIGRATE_VERIFY = new StepKind("migrate-verify");
  /** Migration: the old server refuses writes. */
  static final StepKind STOP_WRITES = new StepKind("stop-writes");
  /** Migration: the last changes applied and verified, sequences carried across. */
  static final StepKind MIGRATE_CATCH_UP = new StepKind("migrate-catch-up");
  /** Migration: replication back to the old server, for a rollback without loss. */
  static final StepKind ARM_ROLLBACK = new StepKind("arm-rollback");

  private PostgresSteps() {
  }
}
