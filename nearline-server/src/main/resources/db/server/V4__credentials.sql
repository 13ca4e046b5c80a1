-- Who may call the API: people's and tools' tokens (a role), and credentials that read one
-- protected server's log (a surrogate's, or a standby's for one run). Only the SHA-256 of each
-- secret is kept. Revoked rows stay, so the audit log's names keep their meaning.
CREATE TABLE credential (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name           VARCHAR(160) NOT NULL,
  role           VARCHAR(16),
  server_name    VARCHAR(128),
  run_id         BIGINT,
  secret_sha256  CHAR(64) NOT NULL,
  created_at     TIMESTAMP NOT NULL,
  revoked_at     TIMESTAMP,
  CONSTRAINT credential_secret_unique UNIQUE (secret_sha256),
  CONSTRAINT credential_kind CHECK ((role IS NULL AND server_name IS NOT NULL)
    OR (role IS NOT NULL AND server_name IS NULL))
);
CREATE INDEX credential_by_name ON credential (name);
