/**
 * Real servers on loopback, each in a directory of its own and stopped by {@code close()}: a
 * PostgreSQL 15 primary that archives its WAL ({@link io.nearline.testkit.PostgresPrimary}) and a
 * private Samba smbd exporting directories ({@link io.nearline.testkit.SambaServer}). Used by the
 * integration tests and the quickstart; depends on nothing else in the project.
 */
package io.nearline.testkit;
