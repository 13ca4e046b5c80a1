-- One migration plan per protected server, as JSON (io.nearline.recovery.migration
-- .MigrationPlan), and the newest cutover run started from it.
CREATE TABLE migration_plan (
  server      VARCHAR(128) PRIMARY KEY,
  plan_json   VARCHAR(32000) NOT NULL,
  cutover_run BIGINT
);
