package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.shadow.postgres.Lsn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Migration: the initial copy and then continuous catch-up, by logical replication from the old
 * server (a publication of all tables in each database, a subscription on the new cluster). The
 * slot is made before the copy starts, so nothing written between the copy and the stream is
 * lost. Ends once every table follows the stream and the new side has caught up. On the dump
 * path it does nothing: the data is copied once writes are stopped (migrate-catch-up).
 */
final class MigrateCopy implements RecoveryStep {
  static final String KIND = "logical-replication";
  /** How long the initial copy may take: a day covers some terabytes. */
  private static final Duration COPY_LIMIT = Duration.ofHours(24);
  private final RecoveryEnvironment environment;

  MigrateCopy(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.MIGRATE_COPY;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    if (context.plan().migration().dumped()) {
      return List.of();
    }
    MigrationServers servers = MigrationServers.forPlan(environment, context);
    List<Change> changes = new ArrayList<>();
    for (String db : servers.databases()) {
      changes.add(new Change(KIND, db, null, "publication " + MigrationSql.FORWARD + " on "
          + servers.sourceName() + ", subscribed by " + servers.targetName()));
    }
    return changes;
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    if (context.plan().migration().dumped()) {
      return DumpPath.NOT_YET;
    }
    MigrationServers servers = MigrationServers.of(environment, context);
    List<String> databases = servers.databases();
    long started = System.nanoTime();
    long bytes = 0;
    for (Change change : plan(context)) {
      String db = change.target();
      context.record(change);
      MigrationSql.subscribe(servers.target(db), servers.source(db), MigrationSql.FORWARD,
          MigrationSql.slot(MigrationSql.FORWARD, servers.source(), db), true);
      bytes += Long.parseLong(MigrationSql.one(servers.source(db),
          "SELECT pg_database_size(current_database())"));
    }
    long deadline = System.nanoTime() + COPY_LIMIT.toNanos();
    for (String db : databases) {
      while (!MigrationSql.synced(servers.target(db), MigrationSql.FORWARD)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the initial copy of " + db + " has not ended after "
              + COPY_LIMIT.toHours() + " h");
        }
        Thread.sleep(200);
      }
    }
    Duration copy = Duration.ofNanos(System.nanoTime() - started);
    // A freshly loaded cluster has no statistics (its first queries would be planned blind) and
    // no hint bits (its first reads would write every page): both made now, not at the cutover.
    long vacuumFrom = System.nanoTime();
    for (String db : databases) {
      MigrationSql.execute(servers.target(db), "VACUUM (ANALYZE)");
    }
    Duration vacuum = Duration.ofNanos(System.nanoTime() - vacuumFrom);
    // Catch-up: what the old server wrote during the copy, applied on the new one.
    long caughtUpFrom = System.nanoTime();
    Lsn end = MigrationSql.currentLsn(servers.source());
    long behind = 0;
    for (String db : databases) {
      String slot = MigrationSql.slot(MigrationSql.FORWARD, servers.source(), db);
      String confirmed = MigrationSql.one(servers.source(), "SELECT confirmed_flush_lsn FROM "
          + "pg_replication_slots WHERE slot_name = " + MigrationSql.literal(slot));
      behind = Math.max(behind, confirmed == null ? 0
          : Math.max(0, end.value() - Lsn.parse(confirmed).value()));
      MigrationSql.awaitConfirmed(servers.source(), slot, end, COPY_LIMIT);
    }
    Duration catchUp = Duration.ofNanos(System.nanoTime() - caughtUpFrom);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("copySeconds", Verify.seconds(copy));
    facts.put("copiedBytes", String.valueOf(bytes));
    facts.put("vacuumAnalyzeSeconds", Verify.seconds(vacuum));
    facts.put("catchUpSeconds", Verify.seconds(catchUp));
    facts.put("catchUpBytes", String.valueOf(behind));
    if (behind > 0) {
      facts.put("catchUpBytesPerSecond", String.valueOf(Math.round(behind
          / Math.max(0.001, catchUp.toNanos() / 1e9))));
    }
    return new StepOutcome(String.format(java.util.Locale.ROOT, "%.1f MB copied to %s in %s s;"
        + " it follows %s by logical replication (caught up %.1f MB in %s s)", bytes / 1e6,
        servers.targetName(), facts.get("copySeconds"), servers.sourceName(), behind / 1e6,
        facts.get("catchUpSeconds")), facts);
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    MigrationServers servers = MigrationServers.of(environment, context);
    for (Change change : changes) {
      String db = change.target();
      MigrationSql.unsubscribe(servers.target(db), servers.source(db), MigrationSql.FORWARD,
          MigrationSql.slot(MigrationSql.FORWARD, servers.source(), db));
    }
  }
}
