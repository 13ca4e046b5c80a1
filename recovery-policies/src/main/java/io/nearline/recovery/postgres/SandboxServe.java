package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.LocalHost;
import io.nearline.recovery.standby.StandbyException;
import io.nearline.recovery.standby.StandbyHost;
import io.nearline.shadow.postgres.PostgresConnector;
import io.nearline.shadow.store.CopyOnWrite;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sandbox drill's first step: the surrogate is held stopped and a copy-on-write clone of it
 * ({@link CopyOnWrite}, in a moment whatever the size) starts on a port of its own, on loopback
 * only, as a hot standby that replays the WAL already in its files and no more. Once replay
 * stands still, the clone is the surrogate at the drill's recovery point, readable: the probes'
 * reference is read from it before it is promoted. Nothing touches the primary or the standby.
 */
final class SandboxServe implements RecoveryStep {
  static final String NAME = "nearline-drill";
  /** The journal's record that this drill took a hold: a hold it meets is then its own. */
  static final String HOLD = "surrogate-hold";
  private static final Duration SETTLE = Duration.ofSeconds(1);
  private static final Duration REPLAY_LIMIT = Duration.ofMinutes(30);

  private final RecoveryEnvironment environment;

  SandboxServe(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.SANDBOX_SERVE;
  }

  /** Who holds the surrogate for this drill's sandbox. */
  static String holder(StepContext context) {
    return "drill run " + context.run();
  }

  /** The sandbox of this run, on the port chosen when it was first served. */
  static PgServer server(RecoveryEnvironment environment, StepContext context,
      PgSurrogate surrogate) throws Exception {
    Path dir = environment.instantDirectory(context.pair().primary(), context.run());
    return InstantServe.local(NAME, context, surrogate, dir, InstantServe.port(dir));
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    PgSurrogate surrogate = PgSurrogate.of(environment, context.pair().primary());
    Path dir = environment.instantDirectory(context.pair().primary(), context.run());
    return List.of(new Change(InstantServe.KIND, dir.resolve("data").toString(), "none",
        "copy-on-write clone of the surrogate (held stopped at about " + surrogate.replayed()
            + "), read-only on loopback, on a port of its own"));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    String server = context.pair().primary();
    PgSurrogate surrogate = PgSurrogate.of(environment, server);
    Path dir = environment.instantDirectory(server, context.run());
    PgServer sandbox = server(environment, context, surrogate);
    CopyOnWrite copy = new CopyOnWrite(dir, surrogate.osUser());
    String how = copy.state();
    try (StandbyHost host = new LocalHost(surrogate.osUser())) {
      PostgresStandby pg = new PostgresStandby(sandbox, host);
      if (!pg.isRunning()) {
        boolean ours = context.changesOf(context.run()).stream()
            .anyMatch(c -> HOLD.equals(c.kind()));
        if (surrogate.held() && !ours) {
          throw new IllegalStateException("the surrogate of " + server + " is held by another "
              + "run (an instant copy or a drill); drill again once it is released");
        }
        context.record(new Change(HOLD, server, "replaying", "held stopped by drill "
            + context.run()));
        Path lower = environment.holdSurrogate(server, holder(context));
        if (how.equals("none")) {
          context.record(new Change(InstantServe.KIND, copy.data().toString(), "none",
              "copy-on-write clone of " + lower));
          how = copy.create(lower);
        }
        if (context.plan().isMigration()) {
          pg.configureRehearsalSandbox(context.run());
        } else {
          pg.configureSandbox(context.run());
        }
        host.run("rm -f " + StandbyHost.quote(pg.data() + "/" + PostgresStandby.MARKER),
            Duration.ofSeconds(30));
        context.record(new Change(Promote.KIND, NAME + ":" + sandbox.pgPort(), "stopped",
            "read-only at the surrogate's point"));
        Promote.start(pg);
      }
      String point = awaitReplayed(pg, surrogate.user());
      String commitAt = Promote.lastRestoredCommit(pg, surrogate.user());
      Map<String, String> facts = new LinkedHashMap<>(new DrillServer(PostgresConnector.KIND,
          "127.0.0.1", sandbox.pgPort(), surrogate.dbname(), surrogate.user(),
          surrogate.pgBin()).facts(DrillServer.REFERENCE));
      facts.put("pointPosition", point);
      facts.put("pointCommitAt", commitAt);
      facts.put("sandboxMethod", how.startsWith("copy") ? "copy" : how);
      facts.put("sandboxDirectory", dir.toString());
      rpo(context, commitAt).ifPresent(rpo -> facts.put("rpoSeconds", rpo));
      return new StepOutcome("sandbox on 127.0.0.1:" + sandbox.pgPort() + " (" + how
          + ") holds the surrogate's point " + point + (commitAt.isEmpty() ? ""
          : ", last commit " + commitAt), facts);
    }
  }

  /**
   * The point's age when the drill started: how much older its last commit is than the
   * primary's last write Nearline had seen by then (nothing lost if the primary was idle).
   */
  private java.util.Optional<String> rpo(StepContext context, String commitAt) {
    if (commitAt.isEmpty()) {
      return java.util.Optional.empty();
    }
    Instant point = Instant.parse(commitAt);
    Instant start = context.runStartedAt();
    Instant newest = environment.primaryActivity(context.pair().primary())
        .map(a -> a.lastWriteSeenAt().isBefore(start) ? a.lastWriteSeenAt() : start)
        .orElse(start);
    Duration age = Duration.between(point, newest);
    return java.util.Optional.of(Verify.seconds(age.isNegative() ? Duration.ZERO : age));
  }

  /** Waits until the clone accepts queries and its replay position has stood still a while. */
  private static String awaitReplayed(PostgresStandby pg, String user) throws Exception {
    long deadline = System.nanoTime() + REPLAY_LIMIT.toNanos();
    String last = null;
    long stillSince = System.nanoTime();
    while (true) {
      String now = replayed(pg, user);
      if (now == null && !pg.isRunning()) {
        throw new IllegalStateException("the sandbox stopped while it replayed; its log ends:\n"
            + pg.lastLines("nearline-start.log"));
      }
      if (now == null || !now.equals(last)) {
        last = now;
        stillSince = System.nanoTime();
      } else if (System.nanoTime() - stillSince >= SETTLE.toNanos()) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the sandbox is still replaying after "
            + REPLAY_LIMIT.toMinutes() + " minutes (at " + last + ")");
      }
      Thread.sleep(100);
    }
  }

  private static String replayed(PostgresStandby pg, String user) {
    try {
      return pg.query(user, "SELECT pg_last_wal_replay_lsn()");
    } catch (StandbyException notAnsweringYet) {
      return null;
    }
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    DrillCleanUp.removeSandbox(environment, context);
  }
}
