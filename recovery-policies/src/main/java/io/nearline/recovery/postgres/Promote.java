package io.nearline.recovery.postgres;

import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.run.RecoveryStep;
import io.nearline.recovery.run.StepContext;
import io.nearline.recovery.run.StepOutcome;
import io.nearline.recovery.standby.StandbyException;
import io.nearline.recovery.standby.StandbyHost;
import io.nearline.recovery.steps.RecoveryEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts the restored copy, lets it replay the collected WAL up to the recovery point, and waits
 * until it has promoted itself (a new timeline) and takes writes. Running it again on a promoted
 * server only confirms it.
 */
public final class Promote implements RecoveryStep {
  static final String KIND = "server-state";
  private static final Duration REPLAY_LIMIT = Duration.ofHours(1);

  private final RecoveryEnvironment environment;

  public Promote(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return StepKind.PROMOTE;
  }

  @Override
  public List<Change> plan(StepContext context) {
    Standby s = context.pair().standby();
    return List.of(new Change(KIND, s.name() + ":" + s.pgPort(), "stopped",
        "PostgreSQL started, recovered to " + context.plan().policy().point() + ", promoted"));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    Standby standby = context.pair().standby();
    String user = environment.surrogate(context.pair().primary()).user();
    try (StandbyHost host = StandbyHost.connect(standby)) {
      PostgresStandby pg = new PostgresStandby(standby, host);
      context.record(plan(context).get(0));
      try {
        pg.start();
      } catch (StandbyException e) {
        throw new StandbyException(e.getMessage() + "; its log ends:\n"
            + pg.lastLines("nearline-start.log"), e);
      }
      long deadline = System.nanoTime() + REPLAY_LIMIT.toNanos();
      while (!"f".equals(inRecovery(pg, user))) {
        if (!pg.isRunning()) {
          throw new IllegalStateException("PostgreSQL on " + standby.name() + " stopped during "
              + "recovery; its log ends:\n" + pg.lastLines("nearline-start.log"));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(standby.name() + " still recovering after "
              + REPLAY_LIMIT.toMinutes() + " minutes");
        }
        Thread.sleep(200);
      }
      // The last commit replayed before promotion: what clients get back, for the RPO.
      String restoredAt = pg.query(user, "SELECT coalesce(to_char(pg_last_xact_replay_timestamp()"
          + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '')");
      String lsn = pg.query(user, "SELECT pg_current_wal_lsn()");
      return new StepOutcome("promoted " + standby.name() + " at " + lsn
          + (restoredAt.isEmpty() ? "" : ", last restored commit " + restoredAt),
          Map.of("restoredCommitAt", restoredAt, "promotedLsn", lsn));
    }
  }

  private static String inRecovery(PostgresStandby pg, String user) {
    try {
      return pg.query(user, "SELECT pg_is_in_recovery()");
    } catch (StandbyException notAnsweringYet) {
      return "starting";
    }
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    try (StandbyHost host = StandbyHost.connect(context.pair().standby())) {
      new PostgresStandby(context.pair().standby(), host).stop();
    }
  }
}
