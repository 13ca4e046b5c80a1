package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.migration.MigrationPlan;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.shadow.postgres.Lsn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Migration: before any client moves, the old server subscribes to the new one (nothing to
 * copy: they are equal), so every write made on the new version reaches the old one too. On the
 * dump path nothing replicates: the way back is a copy back, made by the rollback.
 *
 * <p>Its undo is the rollback: the new cluster refuses writes, the old server applies its last
 * change (or, on the dump path, is copied over from the new one), every table is compared, the
 * sequences are carried back, and the reverse replication is taken down; the old server takes
 * writes again when stop-writes is undone after it.
 */
final class ArmRollback implements RecoveryStep {
  static final String KIND = "reverse-replication";
  static final String COPY_BACK = "copy-back";
  private static final Duration LIMIT = Duration.ofMinutes(10);
  private final RecoveryEnvironment environment;

  ArmRollback(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.ARM_ROLLBACK;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    MigrationServers servers = MigrationServers.forPlan(environment, context);
    boolean dumped = context.plan().migration().dumped();
    List<Change> changes = new ArrayList<>();
    for (String db : servers.databases()) {
      changes.add(dumped ? new Change(COPY_BACK, db, null, "a rollback copies " + db
          + " back from " + servers.targetName() + " while writes are refused there")
          : new Change(KIND, db, null, "publication " + MigrationSql.REVERSE + " on "
          + servers.targetName() + ", subscribed by " + servers.sourceName()));
    }
    return changes;
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    if (!context.factsOf(PostgresSteps.MIGRATE_CATCH_UP).containsKey("sequencesCarried")) {
      // Skipped: the new cluster may lack the last changes, or on the dump path every row.
      throw new IllegalStateException("migrate-catch-up did not finish (it was skipped), so "
          + "nothing shows the new cluster has every row: retry that step rather than moving "
          + "clients, or roll back");
    }
    MigrationServers servers = MigrationServers.of(environment, context);
    List<Change> changes = plan(context);
    for (Change change : changes) {
      context.record(change);
      if (KIND.equals(change.kind())) {
        MigrationSql.subscribe(servers.source(change.target()), servers.target(
            change.target()), MigrationSql.REVERSE, slot(servers, change.target()), false);
      }
    }
    return new StepOutcome(context.plan().migration().dumped() ? "a rollback copies every "
        + "database back from " + servers.targetName() + " to " + servers.sourceName()
        + ", losing no write" : "every write on " + servers.targetName() + " now reaches "
        + servers.sourceName() + " too, for a rollback without loss", Map.of("armedAt",
        java.time.Instant.now().toString()));
  }

  /**
   * Takes the way back down after the rollback window: the old server stops following the new
   * one, and the new one keeps no slot for it (which would hold its WAL for ever).
   */
  static void retire(MigrationPlan plan, RecoveryEnvironment environment) throws Exception {
    MigrationServers servers = MigrationServers.ofPrimary(environment, plan.server(),
        plan.target());
    for (String db : servers.databases()) {
      MigrationSql.unsubscribe(servers.source(db), servers.target(db), MigrationSql.REVERSE,
          slot(servers, db));
    }
  }

  private static String slot(MigrationServers servers, String db) throws Exception {
    return MigrationSql.slot(MigrationSql.REVERSE, servers.targetSql(), db);
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    MigrationServers servers = MigrationServers.of(environment, context);
    if (changes.stream().anyMatch(c -> COPY_BACK.equals(c.kind()))) {
      for (Change change : changes) {
        MigrationSql.refuseWrites(servers.targetSql(), change.target());
      }
      DumpPath.copyBack(servers);
      return;
    }
    boolean wasArmed = context.factsOf(kind()).containsKey("armedAt");
    List<String> armed = new ArrayList<>();
    for (Change change : changes) {
      String db = change.target();
      if (MigrationSql.slotExists(servers.targetSql(), slot(servers, db))) {
        armed.add(db);
        MigrationSql.refuseWrites(servers.targetSql(), db);
      } else if (wasArmed) {
        // Taken down since (the old server retired): the new version's writes would be lost.
        throw new IllegalStateException("the way back from " + servers.targetName() + " is "
            + "gone (the old server was retired): a rollback would lose the writes made on the"
            + " new version. Fail over to a copy of the new version instead");
      }
    }
    Lsn end = MigrationSql.currentLsn(servers.targetSql());
    for (String db : armed) {
      MigrationSql.awaitConfirmed(servers.targetSql(), slot(servers, db), end, LIMIT);
    }
    for (String db : armed) {
      MigrationSql.Comparison c = MigrationSql.compare(servers.target(db), servers.source(db),
          servers.target().name(), "the old server");
      if (!c.differences().isEmpty()) {
        throw new IllegalStateException("the old server differs from " + servers.targetName()
            + " after catch-up to " + end + ": " + String.join("; ", c.differences())
            + ". Clients stay off both; fix it, then ask for the rollback again");
      }
      MigrationSql.carrySequences(servers.target(db), servers.source(db));
      MigrationSql.unsubscribe(servers.source(db), servers.target(db), MigrationSql.REVERSE,
          slot(servers, db));
    }
  }
}
