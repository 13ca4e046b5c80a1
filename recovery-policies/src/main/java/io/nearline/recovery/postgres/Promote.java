package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.LocalHost;
import io.nearline.recovery.standby.StandbyException;
import io.nearline.recovery.standby.StandbyHost;
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
    return PostgresSteps.PROMOTE;
  }

  @Override
  public List<Change> plan(StepContext context) {
    PgServer s = PgServer.of(context.pair().standby());
    return List.of(new Change(KIND, s.name() + ":" + s.pgPort(), "stopped",
        context.plan().isInstant() ? "following the instant copy, promoted once it has its last"
            + " record" : "PostgreSQL started, recovered to " + context.plan().policy().point()
            + ", promoted"));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    PgServer standby = PgServer.of(context.pair().standby());
    PgSurrogate surrogate = PgSurrogate.of(environment, context.pair().primary());
    String user = surrogate.user();
    try (StandbyHost host = StandbyHost.connect(standby.standby())) {
      PostgresStandby pg = new PostgresStandby(standby, host);
      context.record(plan(context).get(0));
      if (context.plan().isInstant()) {
        return takeOver(context, surrogate, pg);
      }
      start(pg);
      awaitPromoted(pg, user, standby.name());
      String restoredAt = lastRestoredCommit(pg, user);
      String lsn = pg.query(user, "SELECT pg_current_wal_lsn()");
      return new StepOutcome("promoted " + standby.name() + " at " + lsn
          + (restoredAt.isEmpty() ? "" : ", last restored commit " + restoredAt),
          Map.of("restoredCommitAt", restoredAt, "promotedLsn", lsn));
    }
  }

  /**
   * Instant option: the standby follows the instant copy; the copy is stopped, the standby
   * replays its last record and is promoted, and the copy is removed. Clients wait from the
   * stop until rehome-clients points them at the standby.
   */
  private StepOutcome takeOver(StepContext context, PgSurrogate surrogate,
      PostgresStandby standby) throws Exception {
    Handover.startFollowing(standby, surrogate.user());
    String last;
    try (StandbyHost local = new LocalHost(surrogate.osUser())) {
      PostgresStandby instant = new PostgresStandby(InstantServe.server(context, surrogate),
          local);
      last = instant.isRunning() ? Handover.perform(instant, standby, surrogate.user())
          : "(the instant copy had already stopped)";
    }
    if ("t".equals(standby.query(surrogate.user(), "SELECT pg_is_in_recovery()"))) {
      standby.promote();
    }
    InstantServe.remove(environment, context);
    return new StepOutcome(context.pair().standby().name() + " took over from the instant copy"
        + " after replaying its last record " + last, Map.of("handedOverAt", last));
  }

  /** The last commit replayed before promotion: what clients get back, for the RPO. */
  static String lastRestoredCommit(PostgresStandby pg, String user) throws StandbyException {
    return pg.query(user, "SELECT coalesce(to_char(pg_last_xact_replay_timestamp()"
        + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '')");
  }

  /** Starts PostgreSQL if it is not running; a failure quotes its log. */
  static void start(PostgresStandby pg) throws StandbyException {
    try {
      pg.start();
    } catch (StandbyException e) {
      throw new StandbyException(e.getMessage() + "; its log ends:\n"
          + pg.lastLines("nearline-start.log"), e);
    }
  }

  /** Waits while the server replays to its recovery target and promotes itself. */
  static void awaitPromoted(PostgresStandby pg, String user, String name) throws Exception {
    long deadline = System.nanoTime() + REPLAY_LIMIT.toNanos();
    while (!"f".equals(inRecovery(pg, user))) {
      if (!pg.isRunning()) {
        throw new IllegalStateException("PostgreSQL on " + name + " stopped during recovery; "
            + "its log ends:\n" + pg.lastLines("nearline-start.log"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " still recovering after "
            + REPLAY_LIMIT.toMinutes() + " minutes");
      }
      Thread.sleep(200);
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
      new PostgresStandby(PgServer.of(context.pair().standby()), host).stop();
    }
  }
}
