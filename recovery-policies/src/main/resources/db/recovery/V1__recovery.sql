-- Recovery pairs and policies, kept as validated JSON documents (exported and imported as is).
CREATE TABLE recovery_pair (
  name         VARCHAR(128) PRIMARY KEY,
  body         CLOB NOT NULL,
  check_report CLOB,
  checked_at   TIMESTAMP,
  updated_at   TIMESTAMP NOT NULL
);

CREATE TABLE recovery_policy (
  name       VARCHAR(128) PRIMARY KEY,
  body       CLOB NOT NULL,
  updated_at TIMESTAMP NOT NULL
);

-- One failover, failback or dry run. The plan (policy and pairs) is copied in when the run
-- starts, so a resumed run follows the plan it started with.
CREATE TABLE recovery_run (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  policy      VARCHAR(128) NOT NULL,
  kind        VARCHAR(16) NOT NULL,
  state       VARCHAR(16) NOT NULL,
  plan        CLOB NOT NULL,
  started_at  TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  report      CLOB
);

-- Every step of a run: its state, inputs, outcome or error, and why it was skipped.
CREATE TABLE run_step (
  run_id      BIGINT NOT NULL REFERENCES recovery_run (id) ON DELETE CASCADE,
  seq         INT NOT NULL,
  pair        VARCHAR(128) NOT NULL,
  step        VARCHAR(32) NOT NULL,
  state       VARCHAR(16) NOT NULL,
  attempts    INT NOT NULL DEFAULT 0,
  inputs      CLOB,
  outcome     CLOB,
  error       CLOB,
  skip_reason VARCHAR(1024),
  started_at  TIMESTAMP,
  finished_at TIMESTAMP,
  PRIMARY KEY (run_id, seq)
);

-- What each step changed, with the values before and after, written before the change is made
-- so that a crash never leaves an unrecorded change; reversal replays these backwards.
CREATE TABLE run_change (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id       BIGINT NOT NULL,
  seq          INT NOT NULL,
  kind         VARCHAR(32) NOT NULL,
  target       VARCHAR(1024) NOT NULL,
  before_value CLOB,
  after_value  CLOB,
  recorded_at  TIMESTAMP NOT NULL,
  FOREIGN KEY (run_id, seq) REFERENCES run_step (run_id, seq) ON DELETE CASCADE
);
