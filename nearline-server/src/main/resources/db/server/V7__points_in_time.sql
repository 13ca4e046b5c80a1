-- What a baseline needs to be chosen for a point and checked later: the wall time by which its
-- end had been written (a time target at or after it can start from it), the first transaction
-- it cannot hold, where it was taken, and its archive's checksum.
ALTER TABLE baseline ADD COLUMN ended_at TIMESTAMP;
ALTER TABLE baseline ADD COLUMN next_xid VARCHAR(32);
ALTER TABLE baseline ADD COLUMN taken_from VARCHAR(16) NOT NULL DEFAULT 'PRIMARY';
ALTER TABLE baseline ADD COLUMN archive_sha256 CHAR(64);
-- A published baseline is also kept unpacked, for snapshots to lay a copy over.
ALTER TABLE baseline ADD COLUMN published_path VARCHAR(1024);

-- Read-only servers of a protected database at a past point.
CREATE TABLE snapshot (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  server_id    INT NOT NULL REFERENCES protected_server (id) ON DELETE CASCADE,
  asked_for    VARCHAR(200) NOT NULL,      -- as the user named it: "time …", "tag nightly"
  target_kind  VARCHAR(16) NOT NULL,       -- TIME, POSITION or TRANSACTION
  target_value VARCHAR(64) NOT NULL,
  baseline_id  BIGINT NOT NULL,
  port         INT NOT NULL,
  state        VARCHAR(16) NOT NULL,       -- OPENING, OPEN, FAILED, DROPPED
  detail       VARCHAR(2000),
  opened_by    VARCHAR(128),
  created_at   TIMESTAMP NOT NULL,
  expires_at   TIMESTAMP NOT NULL,
  ended_at     TIMESTAMP
);

-- Each server's retention policy (JSON); null keeps the default.
ALTER TABLE protected_server ADD COLUMN retention CLOB;

-- Points an admin put under legal hold: kept whatever retention says, until lifted.
CREATE TABLE legal_hold (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  server_id  INT NOT NULL REFERENCES protected_server (id) ON DELETE CASCADE,
  position   VARCHAR(32) NOT NULL,
  asked_for  VARCHAR(200) NOT NULL,
  reason     VARCHAR(1000) NOT NULL,
  set_by     VARCHAR(128) NOT NULL,
  set_at     TIMESTAMP NOT NULL,
  lifted_by  VARCHAR(128),
  lifted_at  TIMESTAMP
);

-- Retention's journal: a deletion is written here, with the catalog row it replaces, before
-- the file goes; a start finishes any whose file is still there.
CREATE TABLE deleted_object (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  server_id   INT NOT NULL REFERENCES protected_server (id) ON DELETE CASCADE,
  object_kind VARCHAR(16) NOT NULL,         -- LOG_FILE or BASELINE
  name        VARCHAR(1024) NOT NULL,
  path        VARCHAR(1024) NOT NULL,
  size_bytes  BIGINT NOT NULL,
  sha256      CHAR(64),
  reason      VARCHAR(300) NOT NULL,
  planned_at  TIMESTAMP NOT NULL,
  deleted_at  TIMESTAMP
);
CREATE INDEX deleted_object_pending ON deleted_object (deleted_at);

-- The restorability verifier's last word per server.
CREATE TABLE point_check (
  server_id   INT NOT NULL PRIMARY KEY REFERENCES protected_server (id) ON DELETE CASCADE,
  checked_at  TIMESTAMP NOT NULL,
  points      INT NOT NULL,
  red_points  INT NOT NULL,
  report      CLOB NOT NULL,
  opened_at   TIMESTAMP,
  opened_note VARCHAR(2000)
);
