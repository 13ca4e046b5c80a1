package io.nearline.recovery.postgres;

import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.run.RecoveryStep;
import io.nearline.recovery.run.StepContext;
import io.nearline.recovery.run.StepOutcome;
import io.nearline.recovery.standby.StandbyHost;
import io.nearline.recovery.steps.RecoveryEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Copies the surrogate to the standby's data directory and sets it to recover to the policy's
 * point from Nearline's log store, then promote. An earlier attempt of the same run is noticed
 * by the marker it leaves; anything else in the way is moved aside only if the standby is
 * marked disposable.
 */
public final class RestoreData implements RecoveryStep {
  static final String KIND = "data-directory";
  static final String MOVED = "data-directory-moved";

  private final RecoveryEnvironment environment;

  public RestoreData(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return StepKind.RESTORE_DATA;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    Standby standby = context.pair().standby();
    RecoveryEnvironment.Surrogate surrogate = environment.surrogate(context.pair().primary());
    try (StandbyHost host = StandbyHost.connect(standby)) {
      String state = new PostgresStandby(standby, host).dataDirectoryState();
      return List.of(new Change(KIND, standby.name() + ":" + standby.dataDirectory(), state,
          "copy of " + context.pair().primary() + "'s surrogate (replayed to "
              + surrogate.replayedLsn() + "), recovering to " + context.plan().policy().point()));
    }
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    Standby standby = context.pair().standby();
    String server = context.pair().primary();
    RecoveryEnvironment.Surrogate surrogate = environment.surrogate(server);
    RecoveryPoint point = context.plan().policy().point();
    String targetLsn = "tag".equals(point.kind())
        ? environment.taggedPosition(server, point.value()) : point.value();
    try (StandbyHost host = StandbyHost.connect(standby)) {
      PostgresStandby pg = new PostgresStandby(standby, host);
      String state = pg.dataDirectoryState();
      if (state.equals("restored by run " + context.run())) {
        return StepOutcome.of("already restored by this run");
      }
      if (!state.equals("missing") && !state.equals("empty")) {
        if (!standby.disposable() && !state.startsWith("restored by run")) {
          throw new IllegalStateException(standby.dataDirectory() + " on " + standby.name()
              + " holds " + state + " and the standby is not marked disposable; nothing "
              + "was touched");
        }
        pg.stop();
        String aside = standby.dataDirectory() + ".replaced-" + context.run();
        context.record(new Change(MOVED, standby.dataDirectory(), state, aside));
        pg.moveAside(String.valueOf(context.run()));
      }
      context.record(new Change(KIND, standby.dataDirectory(), state,
          "restored by run " + context.run()));
      SurrogateCopy.streamTo(surrogate, pg);
      pg.configureRecovery(pg.walUrl(server), point, targetLsn, context.run());
      return new StepOutcome("copied " + server + "'s surrogate at " + surrogate.replayedLsn()
          + " to " + standby.name() + ":" + standby.dataDirectory(), Map.of(
          "surrogateLsn", surrogate.replayedLsn(), "copiedAt", Instant.now().toString()));
    }
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    Standby standby = context.pair().standby();
    try (StandbyHost host = StandbyHost.connect(standby)) {
      PostgresStandby pg = new PostgresStandby(standby, host);
      // The restore was journaled before anything was written, after the original was moved
      // aside: what is there now, complete or not, is this run's.
      if (changes.stream().anyMatch(c -> KIND.equals(c.kind()))) {
        pg.stop();
        pg.empty();
      }
      for (Change c : changes) {
        if (MOVED.equals(c.kind())) {
          pg.putBack(c.after());
        }
      }
    }
  }
}
