package io.nearline.recovery.postgres;

import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryEnvironment.StoredBaseline;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.StandbyHost;
import io.nearline.shadow.postgres.Lsn;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies the surrogate (or, for a point it has replayed past, a stored baseline) to the
 * standby's data directory and sets it to recover to the policy's point from Nearline's log
 * store, then promote. An earlier attempt of the same run is noticed
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
    return PostgresSteps.RESTORE_DATA;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    PgServer standby = PgServer.of(context.pair().standby());
    String server = context.pair().primary();
    PgSurrogate surrogate = PgSurrogate.of(environment, server);
    RecoveryPoint point = context.plan().policy().point();
    Optional<StoredBaseline> baseline = baselineFor(server, surrogate, point,
        targetLsn(server, point));
    String source = context.plan().isInstant() ? "copy of the instant copy, following it"
        : "copy of " + server + "'s " + baseline.map(b -> "baseline ending at " + b.end())
            .orElse("surrogate (replayed to " + surrogate.replayed() + ")")
            + ", recovering to " + point;
    try (StandbyHost host = StandbyHost.connect(standby.standby())) {
      DataDirectoryState state = new PostgresStandby(standby, host).dataDirectoryState();
      return List.of(new Change(KIND, standby.name() + ":" + standby.dataDirectory(),
          state.toString(), source));
    }
  }

  /** The position a tag names, or the policy's own; null for latest and times. */
  private Lsn targetLsn(String server, RecoveryPoint point) throws Exception {
    return switch (point.kind()) {
      case TAG -> Lsn.of(environment.taggedPosition(server, point.value()));
      case POSITION -> Lsn.parse(point.value());
      case LATEST, TIME -> null;
    };
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    PgServer standby = PgServer.of(context.pair().standby());
    String server = context.pair().primary();
    PgSurrogate surrogate = PgSurrogate.of(environment, server);
    if (surrogate.held() && !context.plan().isInstant()) {
      throw new IllegalStateException("the surrogate of " + server + " is held stopped and "
          + "cannot be copied until it is released (see nearline status " + server + ")");
    }
    RecoveryPoint point = context.plan().policy().point();
    Lsn targetLsn = targetLsn(server, point);
    try (StandbyHost host = StandbyHost.connect(standby.standby())) {
      PostgresStandby pg = new PostgresStandby(standby, host);
      DataDirectoryState state = pg.dataDirectoryState();
      if (state.isRestoredBy(context.run())) {
        return StepOutcome.of("already restored by this run");
      }
      Optional<StoredBaseline> baseline = baselineFor(server, surrogate, point, targetLsn);
      clearTheWay(context, pg, state);
      pg.beginRestore(context.run());
      if (context.plan().isInstant()) {
        return copyInstant(context, surrogate, pg);
      }
      if (baseline.isEmpty()) {
        StandbyCopy.fromSurrogate(surrogate, pg);
        baseline = overtaken(server, surrogate, point, targetLsn);
        if (baseline.isPresent()) {
          pg.empty();
          pg.beginRestore(context.run());
        }
      }
      if (baseline.isPresent()) {
        try (java.io.InputStream archive = environment.openBaseline(baseline.get())) {
          StandbyCopy.fromBaseline(archive, pg);
        }
      }
      String copied = baseline.map(b -> "baseline ending at " + b.end() + " (the point is "
          + "before the surrogate's replay)").orElse("surrogate at " + surrogate.replayed());
      pg.configureRecovery(pg.walSource(environment, server, context.run()), point, targetLsn,
          context.run());
      return new StepOutcome("copied " + server + "'s " + copied + " to " + standby.name() + ":"
          + standby.dataDirectory() + ", recovering to " + point, Map.of(
          "copiedFrom", baseline.isPresent() ? "baseline" : "surrogate",
          "surrogateLsn", surrogate.replayed().text(), "copiedAt", Instant.now().toString()));
    }
  }

  /**
   * Empties the way for the copy: this run's own partial copy is deleted; anything else is
   * moved aside (journaled, put back by a rollback), and only if it is a copy Nearline restored
   * or the standby is marked disposable.
   */
  private static void clearTheWay(StepContext context, PostgresStandby pg,
      DataDirectoryState state) throws Exception {
    PgServer standby = PgServer.of(context.pair().standby());
    if (state.isPartlyRestoredBy(context.run())) {
      // Cut short by a crash: journaled already, and ours to redo.
      pg.stop();
      pg.empty();
      return;
    }
    if (!state.isFree()) {
      if (!standby.disposable() && !state.isNearlines()) {
        throw new IllegalStateException(standby.dataDirectory() + " on " + standby.name()
            + " holds " + state + " and the standby is not marked disposable; nothing was "
            + "touched");
      }
      pg.stop();
      String suffix = String.valueOf(context.run());
      context.record(new Change(MOVED, standby.dataDirectory(), state.toString(),
          pg.asideOf(suffix)));
      pg.moveAside(suffix);
    }
    context.record(new Change(KIND, standby.dataDirectory(), state.toString(),
        "restored by run " + context.run()));
  }

  /** Instant option: the standby copies the instant copy serving clients, and follows it. */
  private StepOutcome copyInstant(StepContext context, PgSurrogate surrogate, PostgresStandby pg)
      throws Exception {
    PgServer instant = InstantServe.server(context, surrogate);
    StandbyCopy.fromServer(surrogate, "host=127.0.0.1 port=" + instant.pgPort() + " user="
        + surrogate.user() + " dbname=postgres", pg);
    pg.configureFollower(PostgresStandby.conninfo(instant, surrogate.user()), context.run());
    return new StepOutcome("copied the instant copy to " + context.pair().standby().name() + ":"
        + pg.data() + ", following it until promote", Map.of("copiedFrom", "instant copy",
        "copiedAt", Instant.now().toString()));
  }

  /**
   * A copy of the surrogate is consistent only from where its replay stood when the copy ended;
   * if that passed the point meanwhile, recovery could not stop there: the baseline to start
   * from instead, else empty.
   */
  private Optional<StoredBaseline> overtaken(String server, PgSurrogate surrogate,
      RecoveryPoint point, Lsn targetLsn) throws Exception {
    return point.isLatest() ? Optional.empty()
        : baselineFor(server, SurrogateReplay.now(surrogate), point, targetLsn);
  }

  /**
   * The stored baseline to start from when the point lies before what the surrogate has
   * replayed (a copy of it cannot go back); empty when the surrogate will do.
   */
  private Optional<StoredBaseline> baselineFor(String server, PgSurrogate surrogate,
      RecoveryPoint point, Lsn targetLsn) throws Exception {
    List<StoredBaseline> baselines = environment.baselines(server);
    switch (point.kind()) {
      case POSITION, TAG -> {
        if (targetLsn.compareTo(surrogate.replayed()) >= 0) {
          return Optional.empty();
        }
        return Optional.of(baselines.stream()
            .filter(b -> Lsn.of(b.end()).compareTo(targetLsn) <= 0).findFirst()
            .orElseThrow(() -> new IllegalStateException(point + " (" + targetLsn + ") is "
                + "before every stored baseline of " + server + earliest(baselines))));
      }
      case TIME -> {
        Instant target = Instant.parse(point.value());
        if (surrogate.replayedAt() == null || !target.isBefore(surrogate.replayedAt())) {
          return Optional.empty();
        }
        return Optional.of(baselines.stream().filter(b -> !b.keptAt().isAfter(target))
            .findFirst().orElseThrow(() -> new IllegalStateException(point + " is before every"
                + " stored baseline of " + server + earliest(baselines))));
      }
      case LATEST -> {
        return Optional.empty();
      }
      default -> throw new IllegalStateException(point.kind().id());
    }
  }

  private static String earliest(List<StoredBaseline> baselines) {
    return baselines.isEmpty() ? " (it has none)" : "; the earliest ends at "
        + baselines.get(baselines.size() - 1).end() + ", kept at "
        + baselines.get(baselines.size() - 1).keptAt();
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    PgServer standby = PgServer.of(context.pair().standby());
    try (StandbyHost host = StandbyHost.connect(standby.standby())) {
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
