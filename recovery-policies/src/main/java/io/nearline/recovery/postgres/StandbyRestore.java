package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.StandbyHost;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A standby drill's restore: the surrogate at the drill's point (the sandbox, read-only) is
 * copied to the pair's standby with the WAL that makes it consistent, and set to replay that
 * and promote: the standby ends at exactly the point the probes' reference was read at. What
 * the data directory held is moved aside (journaled) for the clean-up to put back; a standby
 * running PostgreSQL is never touched, as it may be serving clients.
 */
final class StandbyRestore implements RecoveryStep {
  /** The data directory's state before the drill, which the clean-up brings back. */
  static final String BEFORE = "drill-standby-before";

  private final RecoveryEnvironment environment;

  StandbyRestore(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.STANDBY_RESTORE;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    PgServer standby = PgServer.of(context.pair().standby());
    try (StandbyHost host = StandbyHost.connect(standby.standby())) {
      DataDirectoryState state = new PostgresStandby(standby, host).dataDirectoryState();
      return List.of(new Change(RestoreData.KIND, standby.name() + ":"
          + standby.dataDirectory(), state.toString(), "copy of the surrogate at the drill's "
          + "point; " + state + " again after the drill"));
    }
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    PgServer standby = PgServer.of(context.pair().standby());
    PgSurrogate surrogate = PgSurrogate.of(environment, context.pair().primary());
    PgServer sandbox = SandboxServe.server(environment, context, surrogate);
    try (StandbyHost host = StandbyHost.connect(standby.standby())) {
      PostgresStandby pg = new PostgresStandby(standby, host);
      DataDirectoryState state = pg.dataDirectoryState();
      if (state.isRestoredBy(context.run())) {
        return StepOutcome.of("already restored by this drill");
      }
      if (state.isPartlyRestoredBy(context.run())) {
        pg.stop(); // cut short by a crash: ours to redo
        pg.empty();
      } else {
        clearTheWay(context, pg, standby, state);
      }
      pg.beginRestore(context.run());
      StandbyCopy.fromServer(surrogate, "host=127.0.0.1 port=" + sandbox.pgPort() + " user="
          + surrogate.user() + " dbname=postgres", pg);
      pg.configureDrillCopy(context.run());
      return new StepOutcome("copied the surrogate at the drill's point to " + standby.name()
          + ":" + standby.dataDirectory() + " (it held " + state + ")", Map.of(
          "standbyBefore", state.toString(), "copiedAt", Instant.now().toString()));
    }
  }

  private static void clearTheWay(StepContext context, PostgresStandby pg, PgServer standby,
      DataDirectoryState state) throws Exception {
    if (pg.isRunning()) {
      throw new IllegalStateException("PostgreSQL runs on " + standby.name() + ":"
          + standby.dataDirectory() + "; a drill never touches a server that may be serving "
          + "clients: stop it, or drill in the sandbox");
    }
    if (!state.isFree() && !state.isNearlines() && !standby.disposable()) {
      throw new IllegalStateException(standby.dataDirectory() + " on " + standby.name()
          + " holds " + state + " and the standby is not marked disposable; nothing was "
          + "touched");
    }
    context.record(new Change(BEFORE, standby.dataDirectory(), state.toString(),
        state.toString()));
    if (!state.isFree()) {
      String suffix = "drill-" + context.run();
      context.record(new Change(RestoreData.MOVED, standby.dataDirectory(), state.toString(),
          pg.asideOf(suffix)));
      pg.moveAside(suffix);
    }
    context.record(new Change(RestoreData.KIND, standby.dataDirectory(), state.toString(),
        "restored by drill " + context.run()));
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    DrillCleanUp.returnStandby(context, changes);
  }
}
