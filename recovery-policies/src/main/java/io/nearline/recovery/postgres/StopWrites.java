package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Migration: the old server refuses writes from here on (each database read-only by default,
 * its client sessions ended), the start of the measured write downtime. Undone, writes are
 * taken again wherever this step stopped them.
 */
final class StopWrites implements RecoveryStep {
  static final String KIND = "database-writes";
  static final String READ_ONLY = "read-only";
  private final RecoveryEnvironment environment;

  StopWrites(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.STOP_WRITES;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    MigrationServers servers = MigrationServers.forPlan(environment, context);
    List<Change> changes = new ArrayList<>();
    for (String db : servers.databases()) {
      boolean already = MigrationSql.refusesWrites(servers.source(), db);
      changes.add(new Change(KIND, db, already ? READ_ONLY : "read-write", READ_ONLY));
    }
    return changes;
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    MigrationServers servers = MigrationServers.of(environment, context);
    Instant at = Instant.now();
    List<Change> changes = plan(context);
    for (Change change : changes) {
      if (!READ_ONLY.equals(change.before())) {
        context.record(change);
      }
      MigrationSql.refuseWrites(servers.source(), change.target());
    }
    return new StepOutcome(servers.sourceName() + " refuses writes in " + changes.size()
        + " database(s)", Map.of("writesStoppedAt", at.toString()));
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    MigrationServers servers = MigrationServers.of(environment, context);
    for (Change change : changes) {
      MigrationSql.allowWrites(servers.source(), change.target());
    }
  }
}
