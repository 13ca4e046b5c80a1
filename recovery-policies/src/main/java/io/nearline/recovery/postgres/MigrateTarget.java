package io.nearline.recovery.postgres;

import static io.nearline.recovery.standby.StandbyHost.quote;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.migration.MigrationProtection;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.StandbyException;
import io.nearline.recovery.standby.StandbyHost;
import io.nearline.shadow.postgres.ConnectionString;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Migration: creates the new version's cluster on the target with the old server's encoding,
 * locale, data checksums and client authentication (its pg_hba.conf), ready to publish, and
 * starts it. It is made beside the data directory and moved into place whole, so that a copy cut
 * short is never taken for a finished one.
 */
final class MigrateTarget implements RecoveryStep {
  static final String KIND = "data-directory";
  private final RecoveryEnvironment environment;

  MigrateTarget(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.MIGRATE_TARGET;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    MigrationServers servers = MigrationServers.forPlan(environment, context);
    try (StandbyHost host = StandbyHost.connect(servers.target().standby())) {
      PostgresStandby pg = new PostgresStandby(servers.target(), host);
      return List.of(new Change(KIND, servers.target().name() + ":" + pg.data(),
          pg.dataDirectoryState().toString(), "a new " + pg.version() + " cluster, serving on "
              + "port " + servers.target().pgPort()));
    }
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    MigrationServers servers = MigrationServers.of(environment, context);
    PgServer target = servers.target();
    try (StandbyHost host = StandbyHost.connect(target.standby())) {
      PostgresStandby pg = new PostgresStandby(target, host);
      DataDirectoryState state = pg.dataDirectoryState();
      if (!state.isRestoredBy(context.run())) {
        if (!state.isFree() && !target.disposable()) {
          throw new StandbyException(target.name() + "'s data directory " + pg.data()
              + " holds " + state + "; empty it, choose another, or mark the target disposable");
        }
        context.record(plan(context).get(0));
        if (!state.isFree()) {
          pg.stop();
          pg.moveAside("migration-" + context.run());
        }
        create(pg, target.pgPort(), servers.source(), context.run(),
            context.plan().isDrill() ? null : context.plan().migration().protectAs());
      }
      Promote.start(pg);
      String version = pg.version();
      return new StepOutcome(version + " cluster on " + target.name() + ", port "
          + target.pgPort(), Map.of("targetVersion", version));
    }
  }

  /** initdb beside the data directory, configured, then moved into place. */
  private static void create(PostgresStandby pg, int port, ConnectionString source, long run,
      MigrationProtection protection) throws Exception {
    String next = pg.data() + ".migration-" + run;
    String locale = MigrationSql.one(source, "SELECT datcollate FROM pg_database WHERE "
        + "datname = current_database()");
    String encoding = MigrationSql.one(source, "SELECT pg_encoding_to_char(encoding) FROM "
        + "pg_database WHERE datname = current_database()");
    boolean checksums = "on".equals(MigrationSql.one(source, "SHOW data_checksums"));
    // Replication to and from it: a worker, a slot and a sender per database, more while
    // tables are copied.
    int replication = 3 * MigrationSql.databases(source).size() + 10;
    String hba = MigrationSql.one(source, "SELECT pg_read_file(current_setting('hba_file'))");
    StandbyHost host = pg.host();
    host.run("rm -rf " + quote(next), Duration.ofMinutes(5));
    // Trust only until the old server's pg_hba.conf replaces it, before the first start.
    host.run(pg.tool("initdb") + " -D " + quote(next) + " -U " + quote(source.user())
        + " -E " + quote(encoding) + " --locale=" + quote(locale) + " --auth=trust"
        + (checksums ? " --data-checksums" : "") + " >/dev/null", Duration.ofMinutes(10));
    pg.write(next + "/pg_hba.conf", hba);
    host.run("cat >> " + quote(next + "/postgresql.conf"), new java.io.ByteArrayInputStream(("""

        # Written by Nearline's migration run %d
        port = %d
        listen_addresses = '*'
        wal_level = logical
        max_replication_slots = %d
        max_wal_senders = %d
        max_logical_replication_workers = %d
        max_worker_processes = %d
        """.formatted(run, port, replication, replication, replication, replication + 8)
        + archiving(source, protection)).getBytes(
        java.nio.charset.StandardCharsets.UTF_8)),
        Duration.ofMinutes(1));
    pg.write(next + "/" + PostgresStandby.MARKER, String.valueOf(run));
    // Into place whole; into an empty mount point (which cannot be replaced) its files, the
    // mark that it is complete last.
    host.run("d=" + quote(pg.data()) + "; n=" + quote(next) + "; m=" + PostgresStandby.MARKER
        + "; if [ -d \"$d\" ] && mountpoint -q \"$d\"; then find \"$n\" -mindepth 1 "
        + "-maxdepth 1 ! -name \"$m\" -exec mv -t \"$d\" {} + && mv \"$n/$m\" \"$d/\" && "
        + "rmdir \"$n\"; else if [ -d \"$d\" ]; then rmdir \"$d\"; fi && mv -T \"$n\" \"$d\"; fi",
        Duration.ofMinutes(1));
  }

  /**
   * A rehearsal's end: the cluster this run made is stopped and deleted, and what was there
   * before is as it was. Harmless when done, and when the rehearsal never got this far.
   */
  static void removeRehearsal(StepContext context, List<Change> changes) throws Exception {
    PgServer target = PgServer.of(context.pair().standby());
    boolean wasMissing = changes.stream().anyMatch(c -> KIND.equals(c.kind())
        && DataDirectoryState.parse("missing").toString().equals(c.before()));
    try (StandbyHost host = StandbyHost.connect(target.standby())) {
      PostgresStandby pg = new PostgresStandby(target, host);
      if (pg.dataDirectoryState().isRestoredBy(context.run())) {
        pg.stop();
        pg.empty();
        if (wasMissing) {
          host.run("rmdir " + quote(pg.data()), Duration.ofMinutes(1));
        }
      }
      host.run("rm -rf " + quote(pg.data() + ".migration-" + context.run()),
          Duration.ofMinutes(10));
      pg.putBack(pg.asideOf("migration-" + context.run()));
    }
  }

  /** Archiving for the protection that follows the cutover, as the old server times it. */
  private static String archiving(ConnectionString source, MigrationProtection protection)
      throws Exception {
    if (protection == null) {
      return "";
    }
    return "archive_mode = on\narchive_command = " + setting(protection.archiveCommand())
        + "\narchive_timeout = " + setting(MigrationSql.one(source, "SHOW archive_timeout"))
        + "\n";
  }

  /** A postgresql.conf string: quotes doubled, backslashes escaped, one line only. */
  static String setting(String value) {
    if (value.contains("\n") || value.contains("\r")) {
      throw new IllegalArgumentException("a setting is one line: " + value);
    }
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /** Stops the new cluster and moves it aside: a rollback leaves the target as it was. */
  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    if (changes.isEmpty()) {
      return;
    }
    PgServer target = PgServer.of(context.pair().standby());
    try (StandbyHost host = StandbyHost.connect(target.standby())) {
      PostgresStandby pg = new PostgresStandby(target, host);
      DataDirectoryState state = pg.dataDirectoryState();
      if (state.isRestoredBy(context.run())) {
        pg.stop();
        pg.moveAside("migrated-" + context.run());
      }
      String aside = pg.asideOf("migration-" + context.run());
      pg.putBack(aside);
    }
  }
}
