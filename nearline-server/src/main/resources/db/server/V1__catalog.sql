-- Protected servers and the collected position of each.
CREATE TABLE protected_server (
  id                 INT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name               VARCHAR(64) NOT NULL UNIQUE,
  kind               VARCHAR(32) NOT NULL,
  share_url          VARCHAR(1024) NOT NULL,
  share_user         VARCHAR(256) NOT NULL,
  share_secret       VARCHAR(1024) NOT NULL,   -- sealed with the data directory's key, never clear
  primary_connection VARCHAR(1024),
  system_identifier  VARCHAR(64) NOT NULL,
  segment_size       BIGINT NOT NULL,
  app_version        VARCHAR(64) NOT NULL,
  paused             BOOLEAN NOT NULL DEFAULT FALSE,
  last_segment       VARCHAR(128),             -- the collected position: moves only with a commit
  last_collected_at  TIMESTAMP,
  segments_collected BIGINT NOT NULL DEFAULT 0,
  bytes_collected    BIGINT NOT NULL DEFAULT 0,
  created_at         TIMESTAMP NOT NULL
);

-- Every file in the log store.
CREATE TABLE log_file (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  server_id    INT NOT NULL REFERENCES protected_server (id) ON DELETE CASCADE,
  file_name    VARCHAR(128) NOT NULL,
  file_kind    VARCHAR(16) NOT NULL,             -- SEGMENT or COMPANION
  lineage      BIGINT,                           -- PostgreSQL timeline
  sequence_no  BIGINT,                           -- PostgreSQL segment number
  start_pos    VARCHAR(32),                      -- PostgreSQL start LSN
  end_pos      VARCHAR(32),
  file_size    BIGINT NOT NULL,
  sha256       CHAR(64) NOT NULL,
  stored_size  BIGINT NOT NULL,
  arrived_at   TIMESTAMP NOT NULL,
  CONSTRAINT log_file_unique UNIQUE (server_id, file_name)
);

CREATE TABLE gap (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  server_id    INT NOT NULL REFERENCES protected_server (id) ON DELETE CASCADE,
  after_file   VARCHAR(128),
  before_file  VARCHAR(128) NOT NULL,
  detected_at  TIMESTAMP NOT NULL,
  resolved_at  TIMESTAMP
);

CREATE TABLE quarantined_file (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  server_id      INT NOT NULL REFERENCES protected_server (id) ON DELETE CASCADE,
  file_name      VARCHAR(128) NOT NULL,
  file_size      BIGINT NOT NULL,
  sha256         CHAR(64) NOT NULL,
  reason         VARCHAR(2000) NOT NULL,
  evidence_path  VARCHAR(1024) NOT NULL,
  quarantined_at TIMESTAMP NOT NULL,
  resolved_at    TIMESTAMP
);

-- What happened, for operators; kept after a server is removed.
CREATE TABLE event (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  server_name VARCHAR(64),
  occurred_at TIMESTAMP NOT NULL,
  severity    VARCHAR(8) NOT NULL,
  message     VARCHAR(4000) NOT NULL
);
CREATE INDEX event_by_server ON event (server_name, occurred_at);
