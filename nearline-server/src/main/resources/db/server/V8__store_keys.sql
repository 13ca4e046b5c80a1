-- Data keys of the encrypted store, each wrapped (AES-256-GCM) by the master key the user keeps
-- outside the store. New objects are sealed under the active one; older ones stay readable.
CREATE TABLE store_key (
  id         INT NOT NULL PRIMARY KEY,
  wrapped    VARCHAR(200) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  active     BOOLEAN NOT NULL
);
