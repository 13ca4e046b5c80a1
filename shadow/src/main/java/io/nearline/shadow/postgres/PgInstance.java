package io.nearline.shadow.postgres;

import io.nearline.shadow.ShadowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One PostgreSQL server on the near-line host, driven with {@code pg_ctl} as its own account:
 * the surrogate and each snapshot are one.
 */
final class PgInstance {
  /** Log lines about recovery trouble; clients' own query errors are left out. */
  private static final List<String> TROUBLE = List.of("nearline wal-fetch", "restore_command",
      "FATAL:", "PANIC:", "invalid record", "invalid magic", "could not");

  private final Path data;
  private final Path log;
  private final String osUser;
  private final String version;
  private final String what;

  /**
   * @param what how errors name it: "the surrogate", "snapshot 3"
   */
  PgInstance(Path data, Path log, String osUser, String version, String what) {
    this.data = data;
    this.log = log;
    this.osUser = osUser;
    this.version = version;
    this.what = what;
  }

  Path data() {
    return data;
  }

  /**
   * Writes what every server Nearline runs on this host shares, overriding the primary's
   * settings copied with its data: loopback only, its socket in its own folder, its access
   * rules outside the data folder (the primary's own stay in the copy, for a standby restored
   * from it), no archiving, hot standby; then {@code extra} settings.
   *
   * @param what names it in the files' comments: "surrogate", "snapshot"
   * @param hba its access rules beyond local peer authentication
   */
  static void configureLocal(Path dir, Path data, int port, String what, String hba,
      String extra) throws IOException {
    Files.writeString(dir.resolve("pg_hba.conf"), "# Nearline " + what + ": read-only, "
        + "loopback only\nlocal all all peer\n" + hba);
    if (!Files.exists(data.resolve("pg_ident.conf"))) {
      Files.writeString(data.resolve("pg_ident.conf"), "");
    }
    Files.writeString(data.resolve("postgresql.auto.conf"), """

        # Nearline %s settings: they override the primary's
        port = %d
        listen_addresses = '127.0.0.1'
        unix_socket_directories = '%s'
        hba_file = '%s'
        ident_file = '%s'
        archive_mode = off
        hot_standby = on
        primary_conninfo = ''
        primary_slot_name = ''
        recovery_target_timeline = 'latest'
        logging_collector = off
        log_destination = 'stderr'
        ssl = off
        """.formatted(what, port, dir, dir.resolve("pg_hba.conf"), data.resolve("pg_ident.conf"))
        + extra, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /**
   * Starts it without waiting for connections (a standby may take long to accept them), but
   * does not return before the postmaster has claimed its data folder: a stop right after the
   * start must see it running, not leave it starting.
   */
  void start() throws ShadowException {
    if (isRunning()) {
      return;
    }
    PgCommand.run(osUser, 60, pgCtl(), "-D", data.toString(), "-l", log.toString(), "-W",
        "start");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(data.resolve("postmaster.pid"))) {
      if (System.nanoTime() > deadline) {
        throw new ShadowException(what + " did not start; its log says: "
            + String.join(" | ", recentProblems()));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ShadowException("interrupted while " + what + " was starting", e);
      }
    }
  }

  void stop() throws ShadowException {
    if (isRunning()) {
      PgCommand.run(osUser, 120, pgCtl(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }
  }

  boolean isRunning() {
    try {
      PgCommand.run(osUser, 30, pgCtl(), "-D", data.toString(), "status");
      return true;
    } catch (ShadowException notRunning) {
      return false;
    }
  }

  /** How clients reach a server of Nearline's on loopback: as the primary's user and database. */
  static String loopback(int port, ConnectionString primary) {
    return "host=127.0.0.1 port=" + port + " user=" + primary.user() + " dbname="
        + primary.dbname();
  }

  /**
   * Where replay stands, from a row whose first columns are {@code pg_last_wal_replay_lsn()}
   * as text and {@code pg_last_xact_replay_timestamp()}.
   */
  static io.nearline.shadow.ReplayStatus replayStatus(java.sql.ResultSet r)
      throws java.sql.SQLException {
    java.sql.Timestamp at = r.getTimestamp(2);
    return new io.nearline.shadow.ReplayStatus(r.getString(1) == null ? null
        : Lsn.parse(r.getString(1)), at == null ? null : at.toInstant());
  }

  /** The latest lines of its log that explain trouble, newest last. */
  List<String> recentProblems() {
    try (var lines = Files.lines(log)) {
      List<String> all = lines.filter(l -> TROUBLE.stream().anyMatch(l::contains)).toList();
      return all.subList(Math.max(0, all.size() - 5), all.size());
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }

  private String pgCtl() {
    return PgCommand.bin(version, "pg_ctl").toString();
  }
}
