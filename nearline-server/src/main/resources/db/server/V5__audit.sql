-- Every change and action, and every refused attempt at one: who, when, from where, what, and
-- what came of it. Each entry carries the SHA-256 of the one before it, so an edit made in the
-- catalog directly breaks the chain where it was made.
CREATE TABLE audit_entry (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recorded_at BIGINT NOT NULL,   -- microseconds since 1970-01-01 UTC
  actor       VARCHAR(160) NOT NULL,
  address     VARCHAR(64) NOT NULL,
  action      VARCHAR(300) NOT NULL,
  status      INT NOT NULL,
  detail      CLOB NOT NULL,
  prev_hash   CHAR(64) NOT NULL,
  hash        CHAR(64) NOT NULL
);
