package io.nearline.recovery.steps;

import java.time.Instant;
import java.util.Optional;

/** What recovery steps need from the Nearline server they run in. */
public interface RecoveryEnvironment {
  /**
   * A protected server's surrogate, to copy from.
   *
   * @param port its loopback port
   * @param user the database user Nearline connects as (may take backups)
   * @param dbname the primary's database
   * @param pgBin the PostgreSQL binaries of its version
   * @param osUser the account it runs as
   * @param majorVersion e.g. {@code 15}
   * @param replayedLsn where replay stands
   * @param replayedAt the last replayed commit
   */
  record Surrogate(int port, String user, String dbname, String pgBin, String osUser,
      int majorVersion, String replayedLsn, Instant replayedAt) {
  }

  /** The primary's last write Nearline saw while it was up, for the measured RPO. */
  record PrimaryActivity(Instant lastWriteSeenAt, String lsn) {
  }

  /**
   * A verified baseline kept in the store, to restore a point the surrogate has replayed past.
   *
   * @param archive the zstd-compressed tar of the data directory
   * @param endLsn the earliest position a copy of it is consistent at
   * @param keptAt when it was verified and kept (after its end)
   */
  record StoredBaseline(java.nio.file.Path archive, String endLsn, Instant keptAt) {
  }

  Surrogate surrogate(String server) throws Exception;

  /** The server's stored baselines, newest first. */
  java.util.List<StoredBaseline> baselines(String server) throws Exception;

  /** The log position recorded under {@code tag} for the server. */
  String taggedPosition(String server, String tag) throws Exception;

  Optional<PrimaryActivity> primaryActivity(String server);

  /**
   * Stops the server's surrogate cleanly and keeps it stopped, across restarts too, until
   * released: an instant copy is layered on its data directory, which is returned.
   */
  java.nio.file.Path holdSurrogate(String server, String reason) throws Exception;

  void releaseSurrogate(String server) throws Exception;

  /** A folder on this host for one run's instant copy of the server's surrogate. */
  java.nio.file.Path instantDirectory(String server, long run);

  /**
   * Starts protecting the server afresh after a failback: a new baseline and surrogate, and
   * collection from the baseline on; returns at once, the seeding goes on in the background.
   */
  void rebaseline(String server, String reason) throws Exception;

  /** Stops or restarts collection from a primary (it is down after a failover). */
  void pauseCollection(String server, boolean pause) throws Exception;
}
