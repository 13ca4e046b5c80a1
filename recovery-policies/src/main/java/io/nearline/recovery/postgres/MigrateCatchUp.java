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
import java.util.concurrent.CompletableFuture;

/**
 * Migration, with writes stopped: the new cluster applies the old server's last change (its WAL
 * position reached), the sequences are carried across, and the forward replication is taken
 * down so that the way back can be armed without a loop. Every table was compared at one
 * position just before (migrate-verify); with the plan's {@code verifyInWindow} every table is
 * compared again here, count and checksum, at the cost of a longer window. On the dump path the
 * data is copied here instead, and every table compared ({@link DumpPath}).
 */
final class MigrateCatchUp implements RecoveryStep {
  /** Writes are stopped: the last changes are seconds of WAL at most. */
  private static final Duration LIMIT = Duration.ofMinutes(5);
  private final RecoveryEnvironment environment;

  MigrateCatchUp(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.MIGRATE_CATCH_UP;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    MigrationServers servers = MigrationServers.forPlan(environment, context);
    if (context.plan().migration().dumped()) {
      return DumpPath.plan(servers);
    }
    return List.of(new Change("sequences", servers.targetName(), null, "set as on "
        + servers.sourceName()));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    MigrationServers servers = MigrationServers.of(environment, context);
    if (context.plan().migration().dumped()) {
      return underTest(context, servers, DumpPath.copy(context, servers));
    }
    long started = System.nanoTime();
    Lsn end = MigrationSql.currentLsn(servers.source());
    List<String> databases = servers.databases();
    // The old server is still now: its side of the comparison is read while the new one
    // applies its last changes.
    boolean compare = context.plan().migration().verifyInWindow();
    Map<String, List<String>> tablesOf = new LinkedHashMap<>();
    Map<String, CompletableFuture<List<MigrationSql.TableSum>>> before = new LinkedHashMap<>();
    for (String db : compare ? databases : List.<String>of()) {
      tablesOf.put(db, MigrationSql.tables(servers.source(db)));
      before.put(db, MigrationSql.sumsAsync(servers.source(db), tablesOf.get(db),
          servers.sourceName()));
    }
    for (String db : databases) {
      String slot = MigrationSql.slot(MigrationSql.FORWARD, servers.source(), db);
      if (MigrationSql.slotExists(servers.source(), slot)) {
        MigrationSql.awaitConfirmed(servers.source(), slot, end, LIMIT);
      }
    }
    long reached = System.nanoTime();
    List<String> differences = new ArrayList<>();
    long rows = 0;
    int tables = 0;
    for (String db : before.keySet()) {
      MigrationSql.Comparison c = MigrationSql.compare(MigrationSql.await(before.get(db)),
          MigrationSql.sums(servers.target(db), tablesOf.get(db)), "the old server",
          servers.target().name());
      c.differences().forEach(d -> differences.add(db + "." + d));
      tables += c.tables();
      rows += c.rows();
    }
    if (!differences.isEmpty()) {
      throw new IllegalStateException("the new cluster differs from the old server after "
          + "catch-up to " + end + ": " + String.join("; ", differences) + ". Nothing has "
          + "moved: retry, or roll back (the old server takes writes again)");
    }
    long verified = System.nanoTime();
    context.record(plan(context).get(0));
    int sequences = 0;
    for (String db : databases) {
      sequences += MigrationSql.carrySequences(servers.source(db), servers.target(db));
      MigrationSql.unsubscribe(servers.target(db), servers.source(db), MigrationSql.FORWARD,
          MigrationSql.slot(MigrationSql.FORWARD, servers.source(), db));
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("finalLsn", end.toString());
    facts.put("finalCatchUpSeconds", Verify.seconds(Duration.ofNanos(reached - started)));
    if (compare) {
      facts.put("verifySeconds", Verify.seconds(Duration.ofNanos(verified - reached)));
      facts.put("tablesVerified", String.valueOf(tables));
      facts.put("rowsVerified", String.valueOf(rows));
    }
    facts.put("sequencesCarried", String.valueOf(sequences));
    return underTest(context, servers, new StepOutcome(servers.targetName() + " has every "
        + "change to " + end + (compare ? ": " + tables + " tables (" + rows + " rows) equal by "
        + "count and checksum, " : ", ") + sequences + " sequences carried across", facts));
  }

  /** In a rehearsal, the probes run against the new version from here on. */
  private StepOutcome underTest(StepContext context, MigrationServers servers,
      StepOutcome outcome) throws Exception {
    if (!context.plan().isDrill()) {
      return outcome;
    }
    Map<String, String> facts = new LinkedHashMap<>(outcome.facts());
    facts.putAll(servers.underTest(PgSurrogate.of(environment, context.pair().primary())
        .pgBin()));
    return new StepOutcome(outcome.summary(), facts);
  }

  @Override
  public void undo(StepContext context, List<Change> changes) {
    // The sequences moved forward on the new cluster only, which a rollback retires.
  }
}
