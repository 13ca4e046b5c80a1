package io.nearline.recovery.migration;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import io.nearline.recovery.Names;
import io.nearline.recovery.Standby;
import java.time.Duration;

/**
 * How one protected server moves to a newer version of its application.
 *
 * @param server the protected server (the old version, serving clients until the cutover)
 * @param target the server that runs the new version: a standby or a new host, reached as
 *     standbys are; its application settings name the new version's binaries
 * @param policy the recovery policy whose service entries and DNS names lead clients to the
 *     server: the cutover re-homes them to the target, a rollback brings them back
 * @param rollbackWindow how long after the cutover the old server is kept in step with the new
 *     one, so that a rollback loses no write; 7 days unless given
 * @param protectAs how the new version is protected after the cutover; not, unless given
 * @param verifyInWindow whether every table is compared again while writes are refused (the
 *     comparison just before is at one exact position; this one makes the window grow with
 *     the data); no unless given
 * @param path how the data moves: {@code logical} (the default), copied and kept in step by
 *     logical replication while the old server takes writes, so that writes stop for seconds;
 *     or {@code dump}, copied whole while writes are stopped (and back whole by a rollback),
 *     for a server whose pre-flight check rules logical replication out (tables without a
 *     key, large objects, unlogged tables, wal_level): the write downtime grows with the data
 */
public record MigrationPlan(
    @Describe("The protected server that moves to the new version") @Check.Required
    @Check.Matches(regex = Names.REGEX, means = Names.MEANS) String server,
    @Describe("The server that runs the new version (same fields as a standby; its pgBin names"
        + " the new version's binaries)") @Check.Required Standby target,
    @Describe("The recovery policy whose service entries and DNS names clients find the server "
        + "by: the cutover moves them to the target") @Check.Required
    @Check.Matches(regex = Names.REGEX, means = Names.MEANS) String policy,
    @Describe("How long after the cutover a rollback loses no write (ISO-8601, e.g. P7D)")
    @JsonFormat(shape = JsonFormat.Shape.STRING) Duration rollbackWindow,
    @Describe("How the new version is protected once clients use it; not, unless given")
    MigrationProtection protectAs,
    @Describe("Compare every table again while writes are refused (the window then grows with "
        + "the data); no unless given") Boolean verifyInWindow,
    @Describe("How the data moves: logical (replicated while the old server takes writes; "
        + "seconds of write downtime) or dump (copied whole while writes are stopped, and back "
        + "whole by a rollback; downtime grows with the data); logical unless given")
    MigrationPath path) {

  public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

  public MigrationPlan {
    rollbackWindow = rollbackWindow == null ? DEFAULT_WINDOW : rollbackWindow;
    verifyInWindow = verifyInWindow != null && verifyInWindow;
    path = path == null ? MigrationPath.LOGICAL : path;
  }

  /** Whether the data is copied whole while writes are stopped. */
  public boolean dumped() {
    return path == MigrationPath.DUMP;
  }

  /** The recovery pair a migration run journals its steps under: the server and its target. */
  public io.nearline.recovery.RecoveryPair pair() {
    return new io.nearline.recovery.RecoveryPair("migrate-" + server, server, target, null);
  }
}
