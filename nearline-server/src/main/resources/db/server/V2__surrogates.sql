-- Whether a surrogate is kept for the server, and the loopback port it runs on.
ALTER TABLE protected_server ADD COLUMN surrogate_wanted BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE protected_server ADD COLUMN surrogate_port INT;

-- Verified baselines, kept compressed in the store with their manifest.
CREATE TABLE baseline (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  server_id    INT NOT NULL REFERENCES protected_server (id) ON DELETE CASCADE,
  label        VARCHAR(256) NOT NULL,
  start_pos    VARCHAR(32) NOT NULL,
  end_pos      VARCHAR(32) NOT NULL,
  lineage      BIGINT NOT NULL,
  archive_path VARCHAR(1024) NOT NULL,
  archive_size BIGINT NOT NULL,
  verified_at  TIMESTAMP NOT NULL
);

-- Positions at which the surrogate was known consistent; the latest is the default recovery point.
CREATE TABLE consistency_point (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  server_id    INT NOT NULL REFERENCES protected_server (id) ON DELETE CASCADE,
  replayed_pos VARCHAR(32) NOT NULL,
  commit_time  TIMESTAMP,
  recorded_at  TIMESTAMP NOT NULL
);
CREATE INDEX consistency_point_by_server ON consistency_point (server_id, recorded_at);
