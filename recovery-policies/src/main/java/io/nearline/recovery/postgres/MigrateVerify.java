package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.LocalHost;
import io.nearline.recovery.standby.StandbyHost;
import io.nearline.shadow.postgres.ConnectionString;
import io.nearline.shadow.postgres.Lsn;
import io.nearline.shadow.store.CopyOnWrite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Migration, before writes stop: every table of the new cluster compared with the old server's
 * at one exact position, without reading the old server. Each database's subscription is
 * paused; a copy-on-write clone of the surrogate replays the collected WAL to the position the
 * subscription stopped at, and pauses there; the two are compared, row counts and checksums,
 * and the subscription goes on. The window in which writes are refused then only has to see
 * the final position confirmed. In a rehearsal the source (the promoted sandbox) takes no
 * writes, and is compared as it is. On the dump path every table is compared after the copy,
 * with writes stopped (migrate-catch-up).
 */
final class MigrateVerify implements RecoveryStep {
  static final String KIND = "comparison-clone";
  private static final Duration LIMIT = Duration.ofMinutes(30);
  private final RecoveryEnvironment environment;

  MigrateVerify(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.MIGRATE_VERIFY;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    if (context.plan().migration().dumped()) {
      return List.of();
    }
    MigrationServers servers = MigrationServers.forPlan(environment, context);
    return List.of(new Change(KIND, environment.instantDirectory(context.pair().primary(),
        context.run()).toString(), "none", "a clone of the surrogate at the position each "
        + "subscription of " + servers.targetName() + " is paused at, compared table by table,"
        + " then removed"));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    if (context.plan().migration().dumped()) {
      return DumpPath.NOT_YET;
    }
    MigrationServers servers = MigrationServers.of(environment, context);
    long started = System.nanoTime();
    int tables = 0;
    long rows = 0;
    List<String> positions = new ArrayList<>();
    for (String db : servers.databases()) {
      MigrationSql.Comparison c = compare(context, servers, db, positions);
      tables += c.tables();
      rows += c.rows();
    }
    // Paused, the new cluster fell behind: it catches up now, not in the write window.
    long catchUpFrom = System.nanoTime();
    Lsn end = MigrationSql.currentLsn(servers.source());
    for (String db : servers.databases()) {
      MigrationSql.awaitConfirmed(servers.source(), MigrationSql.slot(MigrationSql.FORWARD,
          servers.source(), db), end, LIMIT);
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("preVerifySeconds", Verify.seconds(Duration.ofNanos(catchUpFrom - started)));
    facts.put("caughtUpAgainSeconds", Verify.seconds(Duration.ofNanos(System.nanoTime()
        - catchUpFrom)));
    facts.put("tablesVerified", String.valueOf(tables));
    facts.put("rowsVerified", String.valueOf(rows));
    return new StepOutcome(tables + " tables (" + rows + " rows) of " + servers.targetName()
        + " equal to the old server's by count and checksum, " + String.join(", ", positions)
        + "; replication goes on", facts);
  }

  /**
   * Compares one database with its subscription paused. Where the surrogate has not replayed
   * past the paused position, a clone of it is paused there: an exact comparison, and a
   * difference is an error. Where it has (the old server wrote nothing since, or the rehearsal's
   * sandbox, which takes no writes), the old server is read as it is now; a write that came in
   * meanwhile shows as a difference, and the comparison is tried again a little later.
   */
  private MigrationSql.Comparison compare(StepContext context, MigrationServers servers,
      String db, List<String> positions) throws Exception {
    ConnectionString target = servers.target(db);
    for (int attempt = 1; ; attempt++) {
      Lsn at = pause(target);
      try {
        Lsn replayed = context.plan().isDrill() ? null
            : PgSurrogate.of(environment, context.pair().primary()).replayed();
        boolean exact = replayed != null && replayed.compareTo(at) < 0;
        MigrationSql.Comparison c = exact ? compareWithClone(context, servers, db, at)
            : MigrationSql.compare(servers.source(db), target, "the old server",
                servers.target().name());
        if (c.differences().isEmpty()) {
          positions.add(db + (exact ? " at " + at : " as it stands"));
          return c;
        }
        if (exact || attempt == 5) {
          throw new IllegalStateException(servers.targetName() + " differs from the old "
              + "server" + (exact ? " at " + at : "") + ": " + String.join("; ",
              c.differences()) + ". Nothing has moved and writes go on: roll back, or retry");
        }
      } finally {
        MigrationSql.execute(target, "ALTER SUBSCRIPTION " + MigrationSql.FORWARD + " ENABLE");
      }
      Thread.sleep(1000);
    }
  }

  /** Stops the subscription's apply; returns the old server's position it applied up to. */
  private static Lsn pause(ConnectionString target) throws Exception {
    MigrationSql.execute(target, "ALTER SUBSCRIPTION " + MigrationSql.FORWARD + " DISABLE");
    String subscription = "(SELECT oid FROM pg_subscription WHERE subname = "
        + MigrationSql.literal(MigrationSql.FORWARD) + " AND subdbid = (SELECT oid FROM "
        + "pg_database WHERE datname = current_database()))";
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (MigrationSql.one(target, "SELECT 1 FROM pg_stat_subscription WHERE subid = "
        + subscription + " AND pid IS NOT NULL") != null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the subscription's apply worker did not stop");
      }
      Thread.sleep(50);
    }
    return Lsn.parse(MigrationSql.one(target, "SELECT remote_lsn FROM "
        + "pg_replication_origin_status WHERE external_id = 'pg_' || " + subscription));
  }

  /** A clone of the surrogate paused just before {@code at}, compared with the target. */
  private MigrationSql.Comparison compareWithClone(StepContext context,
      MigrationServers servers, String db, Lsn at) throws Exception {
    String server = context.pair().primary();
    PgSurrogate surrogate = PgSurrogate.of(environment, server);
    // The segment holding the position is archived, and so collected, now.
    MigrationSql.execute(servers.source(), "SELECT pg_switch_wal()");
    Path dir = environment.instantDirectory(server, context.run());
    removeClone(context); // one an earlier attempt left
    context.record(plan(context).get(0));
    Path lower = environment.holdSurrogate(server, holder(context));
    try (StandbyHost host = new LocalHost(surrogate.osUser())) {
      new CopyOnWrite(dir, surrogate.osUser()).create(lower);
      PgServer clone = InstantServe.local("nearline-comparison", context, surrogate, dir,
          InstantServe.port(dir));
      PostgresStandby pg = new PostgresStandby(clone, host);
      pg.configurePausedBefore(pg.walSource(environment, server, context.run()), at,
          context.run());
      host.run("rm -f " + StandbyHost.quote(pg.data() + "/" + PostgresStandby.MARKER),
          Duration.ofSeconds(30));
      Promote.start(pg);
      awaitPaused(pg, surrogate.user());
      ConnectionString cloned = ConnectionString.parse("host=127.0.0.1 port=" + clone.pgPort()
          + " user=" + surrogate.user() + " dbname=" + db);
      return MigrationSql.compare(cloned, servers.target(db), "the old server at " + at,
          servers.target().name());
    } finally {
      removeClone(context);
    }
  }

  private static void awaitPaused(PostgresStandby pg, String user) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (true) {
      String state = "";
      try {
        state = pg.query(user, "SELECT pg_get_wal_replay_pause_state()");
      } catch (Exception starting) {
        // not accepting connections yet
      }
      if (state.equals("paused")) {
        return;
      }
      if (!pg.isRunning()) {
        throw new IllegalStateException("the comparison clone stopped; its log ends:\n"
            + pg.lastLines("nearline-start.log"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the comparison clone has not reached its position "
            + "after " + LIMIT.toMinutes() + " minutes");
      }
      Thread.sleep(200);
    }
  }

  private static String holder(StepContext context) {
    return "migration run " + context.run();
  }

  /** Stops and deletes the clone and lets the surrogate go; harmless when there is none. */
  private void removeClone(StepContext context) throws Exception {
    String server = context.pair().primary();
    PgSurrogate surrogate = PgSurrogate.of(environment, server);
    Path dir = environment.instantDirectory(server, context.run());
    if (Files.exists(dir.resolve("port"))) {
      try (StandbyHost host = new LocalHost(surrogate.osUser())) {
        new PostgresStandby(InstantServe.local("nearline-comparison", context, surrogate, dir,
            InstantServe.port(dir)), host).stop();
      }
    }
    new CopyOnWrite(dir, surrogate.osUser()).remove();
    environment.releaseSurrogate(server, holder(context));
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    if (!changes.isEmpty() && !context.plan().isDrill()) {
      removeClone(context);
    }
  }
}
