package io.nearline.shadow.postgres;

import io.nearline.common.process.Program;
import io.nearline.common.secret.PrivateFiles;
import io.nearline.shadow.Baseline;
import io.nearline.shadow.ReplayStatus;
import io.nearline.shadow.ServerIdentity;
import io.nearline.shadow.ShadowException;
import io.nearline.shadow.Surrogate;
import io.nearline.shadow.SurrogateSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A PostgreSQL hot standby in {@code <directory>/data}, on its own loopback port, with no
 * archiving and no streaming: its restore_command asks the Nearline server for each WAL file.
 */
final class PostgresSurrogate implements Surrogate {
  /**
   * How soon replay asks again for a segment not collected yet. PostgreSQL's default, 5 s,
   * is most of a surrogate's RPO under load: a segment arriving just after a miss waited that
   * long. A miss costs one small request to this host's Nearline server, which holds a
   * repeated ask until the segment comes (a few seconds at most): a segment usually arrives
   * during one.
   */
  private static final String RETRY_INTERVAL = "500ms";

  private final SurrogateSettings settings;
  private final ServerIdentity identity;
  private final ConnectionString primary;
  private final Path data;
  private final PgInstance instance;

  PostgresSurrogate(SurrogateSettings settings, ServerIdentity identity, ConnectionString primary) {
    this.settings = settings;
    this.identity = identity;
    this.primary = primary;
    this.data = settings.directory().resolve("data");
    this.instance = new PgInstance(data, settings.directory().resolve("postgres.log"),
        settings.osUser(), identity.version(), "the surrogate");
  }

  @Override
  public void create(Baseline baseline) throws ShadowException {
    try {
      Files.createDirectories(settings.directory().resolve("spool"));
      Files.move(baseline.directory(), data);
      writeFetchScript();
      configure();
      Files.deleteIfExists(data.resolve("postmaster.pid"));
      Files.writeString(data.resolve("standby.signal"), "");
      PgCommand.own(settings.directory(), settings.osUser());
    } catch (IOException e) {
      throw new ShadowException("cannot create the surrogate in " + settings.directory() + ": "
          + e, e);
    }
  }

  /**
   * The restore step, as a small script rather than a JVM per file: it runs once for every
   * segment replayed, and replay waits for it. It asks the Nearline server to stage the file
   * (decompressed and verified) into the spool beside the data folder, which the server keeps
   * filled ahead of replay, and renames it into place. 404 means not collected yet (quiet);
   * anything else is reported loudly in this surrogate's log. The first ask for a segment is
   * answered at once: PostgreSQL asks for the next segment while it still applies the end of
   * the current one (it reads ahead), and a held answer would hold that back too. It asks again
   * only once it has applied all it has, and that ask is held until the segment is collected,
   * for a few seconds at most. Its credential
   * is a header file that only the surrogate's account can read: curl reads it, so it never
   * appears on a command line.
   */
  private void writeFetchScript() throws IOException, ShadowException {
    Path auth = settings.directory().resolve("wal-fetch.auth");
    replace(auth, "rw-------", "Authorization: Bearer " + settings.credential().reveal() + "\n");
    String verify = "";
    if (settings.serverCertificate() != null) {
      Path certificate = settings.directory().resolve("wal-fetch.crt");
      replace(certificate, "rw-r--r--", settings.serverCertificate());
      verify = " --cacert '" + certificate + "'"; // never -k
    }
    Path script = settings.directory().resolve("wal-fetch");
    replace(script, "rwxr-xr-x", """
        #!/bin/bash
        # restore_command of a Nearline surrogate: wal-fetch FILE TARGET
        url='%s'"$1"/stage
        spool='%s'
        out=$(curl -s%s -H @'%s' --max-time 300 -X POST -w '\n%%{http_code}' "$url") \\
          || out=$'\nunreachable'
        code=${out##*$'\n'}
        case "$code" in
          204) mv -f "$spool/$1" "$2" && exit 0 ;;
          404) exit 1 ;;
          unreachable) echo "nearline wal-fetch: $1: the Nearline server at $url does not answer" >&2 ;;
          *) echo "nearline wal-fetch: $1: $code ${out%%$'\n'*}" | head -c 600 >&2 ;;
        esac
        exit 1
        """.formatted(settings.fetchUrl(), settings.directory().resolve("spool"), verify, auth));
  }

  /**
   * Replaces a file in the surrogate's folder, which belongs to its account: written link-safely
   * and given to that account when Nearline runs as root.
   */
  private void replace(Path target, String mode, String content) throws IOException {
    PrivateFiles.replace(target, mode, content,
        Program.isRoot() ? settings.osUser() : null);
  }

  /** Settings that override the primary's, appended last so they win. */
  private void configure() throws IOException {
    if (!Files.exists(data.resolve("postgresql.conf"))) {
      Files.writeString(data.resolve("postgresql.conf"), "# created by Nearline\n");
    }
    // Replication on loopback lets Nearline copy the surrogate (standbys, synthetic baselines).
    PgInstance.configureLocal(settings.directory(), data, settings.port(), "surrogate", """
        host  all all 127.0.0.1/32 trust
        host  replication all 127.0.0.1/32 trust
        """, """
        restore_command = '%s %%f %%p'
        wal_retrieve_retry_interval = '%s'
        """.formatted(settings.directory().resolve("wal-fetch"), RETRY_INTERVAL));
  }

  @Override
  public boolean exists() {
    return Files.exists(data.resolve("standby.signal")) || Files.exists(data.resolve("PG_VERSION"));
  }

  @Override
  public void start() throws ShadowException {
    writeRestoreStep();
    instance.start();
  }

  @Override
  public void writeRestoreStep() throws ShadowException {
    try {
      writeFetchScript();
    } catch (IOException e) {
      throw new ShadowException("cannot write the surrogate's restore script in "
          + settings.directory() + ": " + e, e);
    }
  }

  @Override
  public void stop() throws ShadowException {
    instance.stop();
  }

  @Override
  public boolean isRunning() {
    return instance.isRunning();
  }

  @Override
  public ReplayStatus replayStatus() throws ShadowException {
    try (Connection c = ConnectionString.parse(connectionString()).open("nearline-monitor", 3, 10);
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery(
             "SELECT pg_last_wal_replay_lsn()::text, pg_last_xact_replay_timestamp()")) {
      r.next();
      return PgInstance.replayStatus(r);
    } catch (SQLException e) {
      throw new ShadowException("the surrogate does not answer queries yet: " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> recentProblems() {
    return instance.recentProblems();
  }

  @Override
  public String connectionString() {
    return PgInstance.loopback(settings.port(), primary);
  }
}
