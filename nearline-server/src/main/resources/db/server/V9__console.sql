-- The console's local admin: the one account whose password Nearline keeps (bcrypt). Directory
-- users sign in by LDAP bind and are never stored here.
CREATE TABLE console_account (
  name          VARCHAR(64) NOT NULL PRIMARY KEY,
  password_hash VARCHAR(100) NOT NULL,
  updated_at    TIMESTAMP NOT NULL
);
