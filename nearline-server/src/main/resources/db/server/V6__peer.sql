-- This near-line's part in a pair of near-lines: ACTIVE collects and runs recoveries, PEER
-- receives the active's log store and keeps its own surrogate, FENCED was replaced by its peer
-- and does nothing until it is resynced. The role with the higher epoch wins.
CREATE TABLE near_line_role (
  id         INT NOT NULL PRIMARY KEY,
  role       VARCHAR(16) NOT NULL,
  epoch      BIGINT NOT NULL,
  changed_at TIMESTAMP NOT NULL,
  reason     VARCHAR(1000) NOT NULL
);
INSERT INTO near_line_role (id, role, epoch, changed_at, reason)
  VALUES (1, 'ACTIVE', 0, CURRENT_TIMESTAMP, 'a near-line starts active');

-- The other near-line, once paired: how to reach it and the only certificate its link accepts.
CREATE TABLE peer (
  id            INT NOT NULL PRIMARY KEY,
  node_id       VARCHAR(64) NOT NULL,
  link_address  VARCHAR(300) NOT NULL,
  certificate   CLOB NOT NULL,
  paired_at     TIMESTAMP NOT NULL,
  check_report  CLOB,
  checks_passed BOOLEAN NOT NULL DEFAULT FALSE,
  checked_at    TIMESTAMP,
  link_settings CLOB
);

-- One-time pairing codes: only the SHA-256 of each secret is kept.
CREATE TABLE pairing_code (
  secret_sha256 CHAR(64) NOT NULL PRIMARY KEY,
  expires_at    TIMESTAMP NOT NULL,
  used_at       TIMESTAMP
);

-- How far the peer has acknowledged each server's log files and baselines (by catalog id, in
-- the order they were committed here). Moves only forward, and only after the peer committed.
CREATE TABLE peer_ack (
  server_id     INT NOT NULL PRIMARY KEY REFERENCES protected_server (id) ON DELETE CASCADE,
  log_file_id   BIGINT NOT NULL DEFAULT 0,
  baseline_id   BIGINT NOT NULL DEFAULT 0,
  acked_at      TIMESTAMP
);
