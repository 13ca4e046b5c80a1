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
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Failback, second half: stops the standby cleanly (its last WAL goes to the primary that
 * follows it), waits until the primary has replayed that last record, then promotes the
 * primary. Nothing written to the standby is lost; clients wait from the stop until the
 * directory points back.
 */
public final class SwitchOver implements RecoveryStep {
  private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(10);

  private final RecoveryEnvironment environment;

  public SwitchOver(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return StepKind.SWITCH_OVER;
  }

  @Override
  public List<Change> plan(StepContext context) {
    Standby source = context.pair().standby();
    Standby target = context.target();
    return List.of(
        new Change(Promote.KIND, source.name() + ":" + source.pgPort(), "primary", "stopped"),
        new Change(Promote.KIND, target.name() + ":" + target.pgPort(),
            "following " + source.name(), "primary"));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    String user = environment.surrogate(context.pair().primary()).user();
    try (StandbyHost host = StandbyHost.connect(context.target());
         StandbyHost sourceHost = StandbyHost.connect(context.pair().standby())) {
      PostgresStandby primary = new PostgresStandby(context.target(), host);
      PostgresStandby standby = new PostgresStandby(context.pair().standby(), sourceHost);
      if (!primary.isRunning()) {
        throw new IllegalStateException(context.target().name() + " is not running; run "
            + "restore-primary again (retry after rolling back) before switching over");
      }
      if ("f".equals(primary.query(user, "SELECT pg_is_in_recovery()"))
          && !standby.isRunning()) {
        return StepOutcome.of(context.target().name() + " is already the primary");
      }
      for (Change change : plan(context)) {
        context.record(change);
      }
      Instant stopped = Instant.now();
      standby.stop();
      String last = standby.lastCheckpoint();
      awaitReplay(primary, user, last);
      primary.promote();
      primary.query(user, "ALTER SYSTEM RESET primary_conninfo");
      primary.query(user, "ALTER SYSTEM RESET restore_command");
      primary.query(user, "SELECT pg_reload_conf()");
      Instant promoted = Instant.now();
      return new StepOutcome(context.target().name() + " promoted after replaying "
          + context.pair().standby().name() + "'s last record " + last + "; writes paused "
          + Verify.seconds(Duration.between(stopped, promoted)) + " s. Collection from "
          + context.pair().primary() + " stays paused: protect it again to take a new baseline"
          + " on its new timeline", Map.of("standbyFinalLsn", last,
          "writePauseSeconds", Verify.seconds(Duration.between(stopped, promoted))));
    }
  }

  private void awaitReplay(PostgresStandby primary, String user, String lsn) throws Exception {
    long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
    while (!"t".equals(primary.query(user,
        "SELECT coalesce(pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn, false)"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the primary has not replayed the standby's last record "
            + lsn + " after " + CATCH_UP_LIMIT.toMinutes() + " minutes; nothing was promoted. "
            + "Roll back to start the standby again");
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    try (StandbyHost host = StandbyHost.connect(context.target());
         StandbyHost sourceHost = StandbyHost.connect(context.pair().standby())) {
      new PostgresStandby(context.target(), host).stop();
      try {
        new PostgresStandby(context.pair().standby(), sourceHost).start();
      } catch (StandbyException e) {
        throw new StandbyException("could not start " + context.pair().standby().name()
            + " again: " + e.getMessage(), e);
      }
    }
  }
}
