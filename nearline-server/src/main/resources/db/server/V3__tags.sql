-- Named recovery points: a policy may recover to a tag instead of a time or position.
CREATE TABLE recovery_tag (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  server_id   INT NOT NULL REFERENCES protected_server (id) ON DELETE CASCADE,
  tag         VARCHAR(128) NOT NULL,
  position    VARCHAR(32) NOT NULL,
  created_at  TIMESTAMP NOT NULL,
  CONSTRAINT recovery_tag_unique UNIQUE (server_id, tag)
);
