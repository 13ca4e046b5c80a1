package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.StandbyException;
import io.nearline.recovery.standby.StandbyHost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Failback, second half: hands the primary role back from the standby to the primary that
 * follows it ({@link Handover}). Nothing written to the standby is lost; clients wait from the
 * stop until the directory points back.
 */
public final class SwitchOver implements RecoveryStep {
  private final RecoveryEnvironment environment;

  public SwitchOver(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.SWITCH_OVER;
  }

  @Override
  public List<Change> plan(StepContext context) {
    PgServer source = PgServer.of(context.pair().standby());
    PgServer target = PgServer.of(context.target());
    return List.of(
        new Change(Promote.KIND, source.name() + ":" + source.pgPort(), "primary", "stopped"),
        new Change(Promote.KIND, target.name() + ":" + target.pgPort(),
            "following " + source.name(), "primary"));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    String user = PgSurrogate.of(environment, context.pair().primary()).user();
    try (StandbyHost host = StandbyHost.connect(context.target());
         StandbyHost sourceHost = StandbyHost.connect(context.pair().standby())) {
      PostgresStandby primary = new PostgresStandby(PgServer.of(context.target()), host);
      PostgresStandby standby = new PostgresStandby(PgServer.of(context.pair().standby()),
          sourceHost);
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
      String last = Handover.perform(standby, primary, user);
      Instant promoted = Instant.now();
      return new StepOutcome(context.target().name() + " promoted after replaying "
          + context.pair().standby().name() + "'s last record " + last + "; writes paused "
          + Verify.seconds(Duration.between(stopped, promoted)) + " s", Map.of(
          "standbyFinalLsn", last,
          "writePauseSeconds", Verify.seconds(Duration.between(stopped, promoted))));
    }
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    try (StandbyHost host = StandbyHost.connect(context.target());
         StandbyHost sourceHost = StandbyHost.connect(context.pair().standby())) {
      new PostgresStandby(PgServer.of(context.target()), host).stop();
      try {
        new PostgresStandby(PgServer.of(context.pair().standby()), sourceHost).start();
      } catch (StandbyException e) {
        throw new StandbyException("could not start " + context.pair().standby().name()
            + " again: " + e.getMessage(), e);
      }
    }
  }
}
