-- One migration plan per protected server, as JSON (io.nearline.recovery.migration
-- .MigrationPlan); the newest cutover run started from it; the newest rehearsal run, and once
-- it has ended its report (a drill report's form), kept as a file with its SHA-256; and when
-- the old server was retired (the way back taken down, after the rollback window).
CREATE TABLE migration_plan (
  server           VARCHAR(128) PRIMARY KEY,
  plan_json        VARCHAR(32000) NOT NULL,
  cutover_run      BIGINT,
  rehearsal_run    BIGINT,
  rehearsal_report VARCHAR(1024),
  rehearsal_sha256 CHAR(64),
  retired_at       BIGINT
);
