-- How each drill ended. A drill is a recovery run (run_id); its report is a JSON file whose
-- SHA-256 is kept here, each report naming the SHA-256 of the policy's previous one.
CREATE TABLE drill_result (
  run_id          BIGINT PRIMARY KEY,
  policy          VARCHAR(128) NOT NULL,
  target          VARCHAR(16) NOT NULL,
  trigger_text    VARCHAR(256) NOT NULL,
  outcome         VARCHAR(16) NOT NULL,
  started_at      BIGINT NOT NULL,
  ended_at        BIGINT NOT NULL,
  point           VARCHAR(64),
  point_commit_at BIGINT,
  rto_ms          BIGINT,
  rpo_ms          BIGINT,
  report_file     VARCHAR(1024) NOT NULL,
  report_sha256   CHAR(64) NOT NULL,
  previous_sha256 CHAR(64)
);

CREATE INDEX drill_result_policy ON drill_result (policy, run_id);
