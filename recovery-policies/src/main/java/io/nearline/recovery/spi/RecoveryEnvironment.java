package io.nearline.recovery.spi;

import io.nearline.shadow.Position;
import io.nearline.shadow.ServerIdentity;
import io.nearline.common.secret.Secret;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What recovery steps need from the Nearline server they run in, for any application. */
public interface RecoveryEnvironment {
  /**
   * A protected server's surrogate, to copy from.
   *
   * @param connection how a client on this host reaches it, in the application's own form
   * @param identity the protected server's identity (its version among it)
   * @param osUser the account it runs as
   * @param replayed where replay stands; null if it is held stopped and has not replayed since
   *     Nearline started
   * @param replayedAt the last replayed commit
   * @param held whether it is held stopped (by an instant copy or a drill): it cannot be copied
   *     from, or held again, until it is released
   */
  record SurrogateAccess(String connection, ServerIdentity identity, String osUser,
      Position replayed, Instant replayedAt, boolean held) {
  }

  /** The primary's last write Nearline saw while it was up, for the measured RPO. */
  record PrimaryActivity(Instant lastWriteSeenAt, Position position) {
  }

  /**
   * A verified baseline kept in the store, to restore a point the surrogate has replayed past.
   *
   * @param archive the zstd-compressed tar of the data directory
   * @param end the earliest position a copy of it is consistent at
   * @param keptAt when it was verified and kept (after its end)
   */
  record StoredBaseline(Path archive, Position end, Instant keptAt) {
  }

  /**
   * A stored baseline's archive as a zstd-compressed tar, opened if the store seals it.
   * The caller closes it.
   */
  default java.io.InputStream openBaseline(StoredBaseline baseline) throws java.io.IOException {
    return java.nio.file.Files.newInputStream(baseline.archive());
  }

  /** The application kind of a protected server: whose recovery connector runs its steps. */
  String applicationKind(String server) throws Exception;

  SurrogateAccess surrogate(String server) throws Exception;

  /**
   * How Nearline connects to the protected server itself, in the application's own form (with
   * the account it was protected with): a migration reads and changes the primary through it.
   */
  String primaryConnection(String server) throws Exception;

  /** The server's stored baselines, newest first. */
  List<StoredBaseline> baselines(String server) throws Exception;

  /** The log position recorded under {@code tag} for the server. */
  Position taggedPosition(String server, String tag) throws Exception;

  Optional<PrimaryActivity> primaryActivity(String server);

  /**
   * Stops the server's surrogate cleanly and keeps it stopped, across restarts too, while
   * {@code holder} (or anyone else) holds it: an instant copy or a drill's sandbox is layered on
   * its data directory, which is returned.
   */
  Path holdSurrogate(String server, String holder) throws Exception;

  /** Lets go of {@code holder}'s hold; harmless if it holds none. */
  void releaseSurrogate(String server, String holder) throws Exception;

  /** A folder on this host for one run's instant copy of the server's surrogate. */
  Path instantDirectory(String server, long run);

  /**
   * Starts protecting the server afresh after a failback: a new baseline and surrogate, and
   * collection from the baseline on; returns at once, the seeding goes on in the background.
   */
  void rebaseline(String server, String reason) throws Exception;

  /** Stops or restarts collection from a primary (it is down after a failover). */
  void pauseCollection(String server, boolean pause) throws Exception;

  /**
   * A credential that reads {@code server}'s collected log and nothing else, for what {@code run}
   * restores; revoked when the run ends or is rolled back. It belongs in a file only its reader
   * can read, never on a command line.
   */
  Secret logReader(String server, long run) throws Exception;

  /**
   * The certificate (PEM) restored servers verify Nearline by when it serves TLS, written beside
   * their restore script; null when it serves plain HTTP (loopback only).
   */
  String serverCertificate();
}
