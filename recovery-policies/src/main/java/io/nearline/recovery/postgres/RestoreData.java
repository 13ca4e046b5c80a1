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
import io.nearline.recovery.steps.RecoveryEnvironment.StoredBaseline;
import io.nearline.recovery.steps.RecoveryEnvironment.Surrogate;
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
    return StepKind.RESTORE_DATA;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    Standby standby = context.pair().standby();
    String server = context.pair().primary();
    Surrogate surrogate = environment.surrogate(server);
    RecoveryPoint point = context.plan().policy().point();
    Optional<StoredBaseline> baseline = baselineFor(server, surrogate, point,
        targetLsn(server, point));
    String source = context.plan().isInstant() ? "copy of the instant copy, following it"
        : "copy of " + server + "'s " + baseline.map(b -> "baseline ending at " + b.endLsn())
            .orElse("surrogate (replayed to " + surrogate.replayedLsn() + ")")
            + ", recovering to " + point;
    try (StandbyHost host = StandbyHost.connect(standby)) {
      String state = new PostgresStandby(standby, host).dataDirectoryState();
      return List.of(new Change(KIND, standby.name() + ":" + standby.dataDirectory(), state,
          source));
    }
  }

  /** The position a tag names, or the policy's own; empty for latest and times. */
  private String targetLsn(String server, RecoveryPoint point) throws Exception {
    return "tag".equals(point.kind()) ? environment.taggedPosition(server, point.value())
        : point.value();
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    Standby standby = context.pair().standby();
    String server = context.pair().primary();
    Surrogate surrogate = environment.surrogate(server);
    RecoveryPoint point = context.plan().policy().point();
    String targetLsn = targetLsn(server, point);
    try (StandbyHost host = StandbyHost.connect(standby)) {
      PostgresStandby pg = new PostgresStandby(standby, host);
      String state = pg.dataDirectoryState();
      if (state.equals("restored by run " + context.run())) {
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
        StandbyCopy.fromBaseline(baseline.get(), pg);
      }
      String copied = baseline.map(b -> "baseline ending at " + b.endLsn() + " (the point is "
          + "before the surrogate's replay)").orElse("surrogate at " + surrogate.replayedLsn());
      pg.configureRecovery(pg.walUrl(server), point, targetLsn, context.run());
      return new StepOutcome("copied " + server + "'s " + copied + " to " + standby.name() + ":"
          + standby.dataDirectory() + ", recovering to " + point, Map.of(
          "copiedFrom", baseline.isPresent() ? "baseline" : "surrogate",
          "surrogateLsn", surrogate.replayedLsn(), "copiedAt", Instant.now().toString()));
    }
  }

  /**
   * Empties the way for the copy: this run's own partial copy is deleted; anything else is
   * moved aside (journaled, put back by a rollback), and only if it is a copy Nearline restored
   * or the standby is marked disposable.
   */
  private static void clearTheWay(StepContext context, PostgresStandby pg, String state)
      throws Exception {
    Standby standby = context.pair().standby();
    if (state.equals(PostgresStandby.partlyRestored(context.run()))) {
      // Cut short by a crash: journaled already, and ours to redo.
      pg.stop();
      pg.empty();
      return;
    }
    if (!state.equals("missing") && !state.equals("empty")) {
      if (!standby.disposable() && !state.contains("restored by run")) {
        throw new IllegalStateException(standby.dataDirectory() + " on " + standby.name()
            + " holds " + state + " and the standby is not marked disposable; nothing was "
            + "touched");
      }
      pg.stop();
      String aside = standby.dataDirectory() + ".replaced-" + context.run();
      context.record(new Change(MOVED, standby.dataDirectory(), state, aside));
      pg.moveAside(String.valueOf(context.run()));
    }
    context.record(new Change(KIND, standby.dataDirectory(), state,
        "restored by run " + context.run()));
  }

  /** Instant option: the standby copies the instant copy serving clients, and follows it. */
  private StepOutcome copyInstant(StepContext context, Surrogate surrogate, PostgresStandby pg)
      throws Exception {
    Standby instant = InstantServe.server(context, surrogate);
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
  private Optional<StoredBaseline> overtaken(String server, Surrogate surrogate,
      RecoveryPoint point, String targetLsn) throws Exception {
    return point.isLatest() ? Optional.empty()
        : baselineFor(server, SurrogateReplay.now(surrogate), point, targetLsn);
  }

  /**
   * The stored baseline to start from when the point lies before what the surrogate has
   * replayed (a copy of it cannot go back); empty when the surrogate will do.
   */
  private Optional<StoredBaseline> baselineFor(String server, Surrogate surrogate,
      RecoveryPoint point, String targetLsn) throws Exception {
    List<StoredBaseline> baselines = environment.baselines(server);
    switch (point.kind()) {
      case "lsn", "tag" -> {
        Lsn target = Lsn.parse(targetLsn);
        if (target.compareTo(Lsn.parse(surrogate.replayedLsn())) >= 0) {
          return Optional.empty();
        }
        return Optional.of(baselines.stream()
            .filter(b -> Lsn.parse(b.endLsn()).compareTo(target) <= 0).findFirst()
            .orElseThrow(() -> new IllegalStateException(point + " (" + targetLsn + ") is "
                + "before every stored baseline of " + server + earliest(baselines))));
      }
      case "time" -> {
        Instant target = Instant.parse(point.value());
        if (surrogate.replayedAt() == null || !target.isBefore(surrogate.replayedAt())) {
          return Optional.empty();
        }
        return Optional.of(baselines.stream().filter(b -> !b.keptAt().isAfter(target))
            .findFirst().orElseThrow(() -> new IllegalStateException(point + " is before every"
                + " stored baseline of " + server + earliest(baselines))));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static String earliest(List<StoredBaseline> baselines) {
    return baselines.isEmpty() ? " (it has none)" : "; the earliest ends at "
        + baselines.get(baselines.size() - 1).endLsn() + ", kept at "
        + baselines.get(baselines.size() - 1).keptAt();
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
