package io.nearline.recovery.postgres;

import static io.nearline.recovery.standby.StandbyHost.quote;

import io.nearline.common.secret.Secret;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.standby.StandbyException;
import io.nearline.recovery.standby.StandbyHost;
import io.nearline.shadow.postgres.Lsn;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** PostgreSQL on a standby host, driven with shell commands over a {@link StandbyHost}. */
final class PostgresStandby {
  static final String MARKER = "nearline-restore";
  static final String FETCH = "nearline-wal-fetch";

  private final PgServer server;
  private final StandbyHost host;

  PostgresStandby(PgServer server, StandbyHost host) {
    this.server = server;
    this.host = host;
  }

  String data() {
    return server.dataDirectory();
  }

  StandbyHost host() {
    return host;
  }

  /** libpq keywords another host connects to {@code server} with. */
  static String conninfo(PgServer server, String user) {
    return "host=" + server.clientHost() + " port=" + server.pgPort() + " user=" + user
        + " dbname=postgres";
  }

  /** The latest checkpoint in pg_control: for a cleanly stopped server, its last WAL record. */
  String lastCheckpoint() throws StandbyException {
    return host.run(tool("pg_controldata") + " -D " + quote(data())
        + " | sed -n 's/^Latest checkpoint location: *//p'", Duration.ofSeconds(30)).strip();
  }

  void promote() throws StandbyException {
    host.run(pgCtl() + " -D " + quote(data()) + " -w -t 600 promote", Duration.ofMinutes(11));
  }

  /** What the data directory holds, read in one command. */
  DataDirectoryState dataDirectoryState() throws StandbyException {
    return DataDirectoryState.parse(host.run("d=" + quote(data()) + "; "
        + "if [ ! -e \"$d\" ]; then echo missing; "
        + "elif [ -z \"$(ls -A \"$d\")\" ]; then echo empty; "
        + "elif [ -f \"$d/" + MARKER + "\" ]; then m=$(cat \"$d/" + MARKER + "\"); "
        + "case \"$m\" in copying*) echo \"partly-restored ${m#copying }\" ;; "
        + "*) echo \"restored $m\" ;; esac; "
        + "elif [ -f \"$d/PG_VERSION\" ]; then echo \"cluster $(cat \"$d/PG_VERSION\")\"; "
        + "else echo files; fi", Duration.ofSeconds(30)));
  }

  boolean isRunning() throws StandbyException {
    try {
      host.run(pgCtl() + " -D " + quote(data()) + " status >/dev/null", Duration.ofSeconds(30));
      return true;
    } catch (StandbyException notRunning) {
      return false;
    }
  }

  void stop() throws StandbyException {
    if (isRunning()) {
      host.run(pgCtl() + " -D " + quote(data()) + " -m fast -w -t 300 stop",
          Duration.ofMinutes(6));
    }
  }

  /** Where {@link #moveAside} puts the data directory. */
  String asideOf(String suffix) {
    return data() + ".replaced-" + suffix;
  }

  /** Moves the data directory aside, to be put back by a rollback. */
  String moveAside(String suffix) throws StandbyException {
    String aside = asideOf(suffix);
    host.run("mv " + quote(data()) + " " + quote(aside), Duration.ofMinutes(1));
    return aside;
  }

  /**
   * Puts a directory moved aside back in place of the data directory, which must be gone or
   * empty (never moved into it); harmless when it is back already.
   */
  void putBack(String aside) throws StandbyException {
    host.run("if [ -e " + quote(aside) + " ]; then if [ -e " + quote(data()) + " ]; then rmdir "
        + quote(data()) + "; fi && mv -T " + quote(aside) + " " + quote(data()) + "; fi",
        Duration.ofMinutes(10));
  }

  /** Deletes what is in the data directory but keeps the directory (it may be a mount point). */
  void empty() throws StandbyException {
    host.run("[ ! -d " + quote(data()) + " ] || find " + quote(data()) + " -mindepth 1 -delete",
        Duration.ofMinutes(10));
  }

  /**
   * Creates the private data directory and marks it as being copied by {@code run}, so that a
   * copy cut short is recognised as this run's own and redone.
   */
  void beginRestore(long run) throws StandbyException {
    host.run("mkdir -p " + quote(data()) + " && chmod 700 " + quote(data()),
        Duration.ofMinutes(1));
    write(data() + "/" + MARKER, "copying " + run);
  }

  /** Unpacks a tar stream (a base backup) into the data directory. */
  void receive(InputStream tar) throws StandbyException {
    host.run("tar -x -C " + quote(data()), tar, Duration.ofHours(6));
  }

  /**
   * Where a restored server fetches the WAL Nearline collected, its credential, and the
   * certificate (PEM) it verifies Nearline by, or null over plain HTTP.
   */
  record WalSource(String url, Secret credential, String certificate) {}

  /** Where this server fetches the WAL Nearline collected from {@code protectedServer}. */
  WalSource walSource(RecoveryEnvironment environment, String protectedServer, long run)
      throws Exception {
    String base = server.standby().nearlineUrl();
    if (environment.serverCertificate() != null && !base.startsWith("https:")) {
      // The credential would cross the network in clear before the request failed.
      throw new StandbyException("nearlineUrl " + base + " is plain HTTP, but Nearline serves "
          + "TLS: set it to https://");
    }
    return new WalSource(base + "/api/servers/" + protectedServer + "/wal/",
        environment.logReader(protectedServer, run), environment.serverCertificate());
  }

  /**
   * Makes the copy recover to {@code point} from the WAL Nearline serves, then promote itself:
   * recovery.signal (not standby.signal), the fetch script as restore_command, and settings
   * that replace the surrogate's.
   */
  void configureRecovery(WalSource wal, RecoveryPoint point, Lsn targetLsn, long run)
      throws StandbyException {
    writeFetchScript(data() + "/" + FETCH, wal);
    String target = switch (point.kind()) {
      case TIME -> "recovery_target_time = '" + io.nearline.shadow.postgres.PgTimestamp.of(
          java.time.Instant.parse(point.value())) + "'\n";
      case POSITION, TAG -> "recovery_target_lsn = '" + targetLsn + "'\n";
      case LATEST -> "";
    };
    configure(run, "recovery.signal", """
        primary_conninfo = ''
        restore_command = '%s/%s %%f %%p'
        recovery_target_timeline = 'latest'
        recovery_target_action = 'promote'
        %s""".formatted(data(), FETCH, target));
  }

  /**
   * Makes a copy a hot standby that fetches the WAL Nearline collected and pauses just before
   * the record at {@code lsn}: every transaction that committed before it, and nothing after,
   * readable on loopback. (A migration compares the new cluster with it, at the position the
   * new cluster's subscription stopped at.)
   */
  void configurePausedBefore(WalSource wal, Lsn lsn, long run) throws StandbyException {
    writeFetchScript(data() + "/" + FETCH, wal);
    configure(run, "standby.signal", """
        primary_conninfo = ''
        restore_command = '%s/%s %%f %%p'
        recovery_target_lsn = '%s'
        recovery_target_inclusive = off
        recovery_target_action = 'pause'
        listen_addresses = '127.0.0.1'
        """.formatted(data(), FETCH, lsn));
  }

  /**
   * Makes a drill's sandbox a hot standby that replays only the WAL already in its copy and then
   * waits, unreachable from other hosts: the surrogate's state when it was held, readable.
   */
  void configureSandbox(long run) throws StandbyException {
    configure(run, "standby.signal", """
        primary_conninfo = ''
        restore_command = ''
        listen_addresses = '127.0.0.1'
        """);
  }

  /**
   * The same for a migration rehearsal: the clone publishes to the new version's server, which
   * may be another host, so it decodes logically and listens where the surrogate would.
   */
  void configureRehearsalSandbox(long run) throws StandbyException {
    configure(run, "standby.signal", """
        primary_conninfo = ''
        restore_command = ''
        wal_level = logical
        """);
  }

  /**
   * Makes a standby drill's copy replay only the WAL it was copied with, then promote: it ends
   * at exactly the point it was copied at. ({@code false} as restore_command: there is no more.)
   */
  void configureDrillCopy(long run) throws StandbyException {
    configure(run, "recovery.signal", """
        primary_conninfo = ''
        restore_command = 'false'
        recovery_target_action = 'promote'
        """);
  }

  /** Makes the copy a streaming standby of {@code primary} (libpq keywords). */
  void configureFollower(String primary, long run) throws StandbyException {
    configure(run, "standby.signal", """
        primary_conninfo = '%s application_name=nearline-restore'
        restore_command = ''
        """.formatted(primary));
  }

  /**
   * Appends settings that replace the source's (port, addresses, this directory's own hba
   * file) and {@code role}'s, leaves only the {@code signal} file, and marks the copy complete.
   */
  private void configure(long run, String signal, String role) throws StandbyException {
    String settings = """

        # Nearline redirected restore (run %d): these replace the source's settings
        port = %d
        listen_addresses = '*'
        unix_socket_directories = '/tmp'
        hba_file = '%s/pg_hba.conf'
        ident_file = '%s/pg_ident.conf'
        archive_mode = off
        hot_standby = on
        primary_slot_name = ''
        %s""".formatted(run, server.pgPort(), data(), data(), role);
    host.run("cd " + quote(data()) + " && rm -f standby.signal recovery.signal postmaster.pid"
        + " && touch " + signal + " pg_ident.conf && cat >> postgresql.auto.conf",
        new ByteArrayInputStream(settings.getBytes(StandardCharsets.UTF_8)),
        Duration.ofMinutes(1));
    write(data() + "/" + MARKER, String.valueOf(run));
  }

  /**
   * A restore_command for WAL Nearline collected: it tells "not collected" (404: end of
   * recovery) from a failure (exit above 125: PostgreSQL stops rather than promote on partial
   * history). Its credential is a header file beside it that only the server's account can read:
   * curl reads it, so it never appears in a command line.
   */
  void writeFetchScript(String path, WalSource wal) throws StandbyException {
    String auth = path + ".auth";
    // Removed first: umask sets the mode of a new file only, not of one already there.
    host.run("rm -f " + quote(auth) + " && umask 077 && cat > " + quote(auth),
        new ByteArrayInputStream(("Authorization: Bearer " + wal.credential().reveal() + "\n")
            .getBytes(StandardCharsets.UTF_8)), Duration.ofMinutes(1));
    String verify = "";
    if (wal.certificate() != null) {
      write(path + ".crt", wal.certificate());
      verify = " --cacert '" + path + ".crt'"; // never -k: the server is verified, or not used
    }
    String walUrl = wal.url();
    String script = """
        #!/bin/bash
        # restore_command of a server restored by Nearline: %s FILE TARGET
        code=$(curl -s%s -H @'%s' -o "$2.part" -w '%%{http_code}' --max-time 300 '%s'"$1") \\
          || code=unreachable
        case "$code" in
          200) mv -f "$2.part" "$2"; exit 0 ;;
          404) rm -f "$2.part"; exit 1 ;;
        esac
        rm -f "$2.part"
        echo "nearline: cannot fetch $1 from %s: $code" >&2
        exit 200
        """.formatted(FETCH, verify, auth, walUrl, walUrl);
    write(path, script);
    host.run("chmod 700 " + quote(path), Duration.ofSeconds(30));
  }

  void start() throws StandbyException {
    if (!isRunning()) {
      host.run(pgCtl() + " -D " + quote(data()) + " -l " + quote(data() + "/nearline-start.log")
          + " -w -t 3600 start", Duration.ofMinutes(61));
    }
  }

  /**
   * Runs one query with psql over the server's own socket (postmaster.pid names its directory);
   * returns the unaligned result.
   */
  String query(String user, String sql) throws StandbyException {
    String socket = "\"$(sed -n 5p " + quote(data() + "/postmaster.pid") + " 2>/dev/null)\"";
    return host.run(tool("psql") + " -h " + socket + " -p " + server.pgPort()
        + " -U " + quote(user) + " -d postgres -XAtq -c " + quote(sql), Duration.ofMinutes(1))
        .strip();
  }

  String lastLines(String file) {
    try {
      return host.run("tail -n 5 " + quote(data() + "/" + file), Duration.ofSeconds(30));
    } catch (StandbyException e) {
      return "";
    }
  }

  void write(String path, String content) throws StandbyException {
    host.run("cat > " + quote(path), new ByteArrayInputStream(
        content.getBytes(StandardCharsets.UTF_8)), Duration.ofMinutes(1));
  }

  String version() throws StandbyException {
    return host.run(tool("postgres") + " --version",
        Duration.ofSeconds(30)).strip();
  }

  String tool(String name) {
    return quote(server.pgBin() + "/" + name);
  }

  private String pgCtl() {
    return tool("pg_ctl");
  }
}
