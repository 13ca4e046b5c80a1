package io.nearline.recovery.run;

import io.nearline.common.config.InvalidConfigException;
import io.nearline.common.json.Json;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.journal.Journal;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.journal.StepRecord;
import io.nearline.recovery.journal.StepState;
import io.nearline.recovery.spi.RecoveryConnector;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.RunPlan;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs recovery plans step by step from the journal. Each step is marked started (with its
 * inputs) before it runs and finished or failed after, so a run interrupted by a crash continues
 * from where it stood when {@link #execute} is called again. A failed step stops the run until
 * the operator retries it, skips it with a reason, or rolls the run back.
 */
public final class RecoveryExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryExecutor.class);

  private final Journal journal;
  private final Function<String, String> applicationKind;
  private final Map<String, RecoveryConnector> connectors = new HashMap<>();
  private final Map<String, Map<StepKind, RecoveryStep>> steps = new HashMap<>();
  private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();
  /**
   * The runs being executed, why one was asked to stop, and the thread inside a step's own
   * code: only there may a stop interrupt it, never while it writes the journal.
   */
  private final Set<Long> running = ConcurrentHashMap.newKeySet();
  /** How a drill's steps skipped by its end begin their reason. */
  private static final String NOT_REACHED = "not reached: ";
  private final Map<Long, String> stops = new ConcurrentHashMap<>();
  private final Map<Long, Thread> inStep = new HashMap<>();

  /**
   * @param applicationKind the application kind of a protected server, by name: asked only
   *     for plans that do not say which application each pair is (journaled before they did)
   * @param connectors every application's recovery, with the steps it offers here
   */
  public RecoveryExecutor(Journal journal, Function<String, String> applicationKind,
      Map<RecoveryConnector, List<RecoveryStep>> connectors) {
    this.journal = journal;
    this.applicationKind = applicationKind;
    connectors.forEach((connector, offered) -> {
      this.connectors.put(connector.kind(), connector);
      Map<StepKind, RecoveryStep> byKind = new HashMap<>();
      offered.forEach(step -> byKind.put(step.kind(), step));
      this.steps.put(connector.kind(), byKind);
    });
  }

  /** Journals a new run of {@code plan}: every (pair, step) in order, all pending. */
  public long create(RunPlan plan) {
    RunKind stepsOf = plan.isFailback() ? RunKind.FAILBACK : RunKind.FAILOVER;
    List<Journal.PlannedStep> planned = new ArrayList<>();
    for (RecoveryPair pair : plan.pairs()) {
      RecoveryConnector connector = connector(plan, pair);
      for (StepKind step : plan.isMigration() ? connector.migrationSteps(plan.isDrill())
          : plan.isDrill() ? connector.drillSteps(plan.drill().target())
          : connector.stepsOf(stepsOf, plan.policy())) {
        planned.add(new Journal.PlannedStep(pair.name(), step.id()));
      }
    }
    boolean dry = plan.kind() == RunKind.DRY_RUN;
    return journal.createRun(plan.policy().name(), plan.kind(),
        dry ? RunState.PLANNED : RunState.RUNNING, Json.write(plan), planned);
  }

  /**
   * A dry run: asks every step what it would change, journals that as planned, changes nothing.
   */
  public RunRecord dryRun(RunPlan plan) {
    long id = create(plan.as(RunKind.DRY_RUN));
    RunRecord run = load(id);
    for (StepRecord s : run.steps()) {
      StepContext context = context(run, s, plan);
      try {
        for (Change change : step(plan, s).plan(context)) {
          context.record(change);
        }
        journal.finished(id, s.seq(), StepState.PLANNED, null);
      } catch (Exception e) {
        journal.failed(id, s.seq(), "cannot plan: " + message(e));
      }
    }
    return load(id);
  }

  /** Executes a run's remaining steps on this thread, until it succeeds or a step fails. */
  public RunRecord execute(long id) {
    return exclusively(id, "run " + id + " is already being executed", () -> executeSteps(id));
  }

  private RunRecord executeSteps(long id) {
    RunRecord run = load(id);
    if (run.state() != RunState.RUNNING) {
      return run;
    }
    RunPlan plan = plan(run);
    if (plan.isDrill()) {
      // A drill's failed clean-up was retried or skipped: it ends as it would have then, for
      // the reason it stopped (a step it failed, or the stop that skipped the rest).
      for (StepRecord s : run.steps()) {
        if (s.state() == StepState.SKIPPED && s.skipReason() != null
            && s.skipReason().startsWith(NOT_REACHED)) {
          return endDrill(id, s.skipReason().substring(NOT_REACHED.length()));
        }
      }
      for (StepRecord s : run.steps()) {
        if (s.state() == StepState.FAILED) {
          return endDrill(id, s.error());
        }
      }
    }
    running.add(id);
    try {
      for (StepRecord s : run.steps()) {
        if (s.state().isDone()) {
          continue;
        }
        String stop = stops.get(id);
        if (stop != null) {
          return endDrill(id, stop);
        }
        String error = executeStep(run, plan, s);
        if (error != null) {
          return plan.isDrill() ? endDrill(id, stops.getOrDefault(id, error))
              : stopped(id, RunState.FAILED);
        }
      }
    } finally {
      synchronized (inStep) {
        running.remove(id);
        stops.remove(id);
      }
    }
    journal.runState(id, RunState.SUCCEEDED, null);
    return load(id);
  }

  /** Executes one step and journals how it went; returns its error, or null if it finished. */
  private String executeStep(RunRecord run, RunPlan plan, StepRecord s) {
    long id = run.id();
    StepContext context = context(run, s, plan);
    journal.started(id, s.seq(), inputs(plan, s));
    LOG.info("recovery step started run={} pair={} step={} attempt={}", id, s.pair(),
        s.step(), s.attempts() + 1);
    try {
      RecoveryStep step = step(plan, s);
      // A clean-up is what a stop asks for: it is never interrupted.
      StepOutcome outcome = s.step().equals(StepKind.DRILL_CLEAN_UP.id())
          ? step.execute(context) : interruptibly(id, () -> step.execute(context));
      journal.finished(id, s.seq(), StepState.FINISHED, Json.write(outcome));
      LOG.info("recovery step finished run={} pair={} step={} outcome=\"{}\"", id,
          s.pair(), s.step(), outcome.summary());
      return null;
    } catch (Exception e) {
      String error = s.step() + " for pair " + s.pair() + " failed: " + message(e);
      journal.failed(id, s.seq(), error);
      LOG.error("recovery step failed run={} pair={} step={} error=\"{}\"", id, s.pair(),
          s.step(), message(e), e);
      return error;
    }
  }

  @FunctionalInterface
  private interface StepWork {
    StepOutcome run() throws Exception;
  }

  /** Runs a step's own code where {@link #stop} can interrupt it. */
  private StepOutcome interruptibly(long id, StepWork work) throws Exception {
    synchronized (inStep) {
      if (stops.containsKey(id)) {
        throw new InterruptedException(stops.get(id)); // asked before the step got here
      }
      inStep.put(id, Thread.currentThread());
    }
    try {
      return work.run();
    } finally {
      synchronized (inStep) {
        inStep.remove(id);
        Thread.interrupted(); // a stop that came as the step ended must not reach the journal
      }
    }
  }

  /**
   * Takes the thread out of reach of {@link #stop} while a step writes the journal (embedded
   * Derby must not be interrupted); returns what {@link #reenterStep} needs.
   */
  Thread leaveStep(long id) {
    synchronized (inStep) {
      return inStep.remove(id);
    }
  }

  /** Puts the thread back in reach; a stop that came meanwhile interrupts it now. */
  void reenterStep(long id, Thread thread, boolean wasInterrupted) {
    synchronized (inStep) {
      if (thread != null) {
        inStep.put(id, thread);
      }
      if (wasInterrupted || thread != null && stops.containsKey(id)) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private RunRecord stopped(long id, RunState state) {
    journal.runState(id, state, null);
    return load(id);
  }

  /**
   * Ends a drill early: the steps it will not reach are skipped with {@code why}, and its
   * clean-up runs. It is STOPPED with {@code why} as its report, or FAILED if a clean-up failed
   * (retry runs the clean-up again).
   */
  private RunRecord endDrill(long id, String why) {
    RunRecord run = load(id);
    RunPlan plan = plan(run);
    for (StepRecord s : run.steps()) {
      boolean cleanUp = s.step().equals(StepKind.DRILL_CLEAN_UP.id());
      if (s.state() == StepState.STARTED && !cleanUp) {
        // Cut short by a stop of Nearline: it did not finish.
        journal.failed(id, s.seq(), s.step() + " for pair " + s.pair() + " was cut short: "
            + why);
      } else if (cleanUp && (s.state() == StepState.PENDING
          || s.state() == StepState.STARTED)) {
        executeStep(run, plan, s); // a clean-up cut short runs again: it is idempotent
      } else if (s.state() == StepState.PENDING) {
        journal.skipped(id, s.seq(), NOT_REACHED + why);
      }
    }
    boolean cleaned = load(id).steps().stream()
        .filter(s -> s.step().equals(StepKind.DRILL_CLEAN_UP.id()))
        .allMatch(s -> s.state().isDone());
    if (!cleaned) {
      return stopped(id, RunState.FAILED);
    }
    journal.runState(id, RunState.STOPPED, Json.write(Map.of("stoppedBecause", why)));
    return load(id);
  }

  /**
   * Asks a drill to stop: its current step is interrupted, the rest are skipped and it is
   * cleaned up, on the thread executing it; a drill still waiting to be executed stops before
   * its first step. Returns at once: whether it is executing now.
   */
  public boolean stop(long id, String why) {
    if (!plan(load(id)).isDrill()) {
      return false;
    }
    synchronized (inStep) {
      // Kept even for a drill not executing yet: it stops before its first step.
      stops.putIfAbsent(id, why);
      Thread thread = inStep.get(id);
      if (thread != null) {
        thread.interrupt();
      }
      return running.contains(id);
    }
  }

  /**
   * Ends a drill a stop of the server interrupted, instead of resuming it: its point and its
   * timing would no longer be the drill's. Cleans it up on this thread.
   */
  public RunRecord endInterrupted(long id, String why) {
    return exclusively(id, "run " + id + " is already being executed",
        () -> load(id).state() == RunState.RUNNING ? endDrill(id, why) : load(id));
  }

  /** Runs the failed step again, then the rest; for a drill, its failed clean-up. */
  public RunRecord retry(long id) {
    StepRecord failed = failedStep(id);
    journal.reset(id, failed.seq());
    journal.runState(id, RunState.RUNNING, null);
    return execute(id);
  }

  /** Records why the failed step is skipped, then runs the rest. */
  public RunRecord skip(long id, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("say why the step is skipped; the reason is journaled");
    }
    StepRecord failed = failedStep(id);
    journal.skipped(id, failed.seq(), reason);
    journal.runState(id, RunState.RUNNING, null);
    return execute(id);
  }

  /**
   * Reverses every change of a stopped run, newest step first, from the journal. A step whose
   * undo fails stops the rollback, which can be asked for again.
   */
  public RunRecord rollback(long id) {
    return exclusively(id, "run " + id + " is being executed; wait for it to stop",
        () -> undoSteps(id));
  }

  private RunRecord undoSteps(long id) {
    RunRecord run = load(id);
    if (run.state() == RunState.RUNNING || run.state() == RunState.PLANNED) {
      throw new IllegalStateException("run " + id + " is " + run.state().name().toLowerCase()
          + "; only a stopped run can be rolled back");
    }
    RunPlan plan = plan(run);
    List<StepRecord> reversed = new ArrayList<>(run.steps());
    java.util.Collections.reverse(reversed);
    for (StepRecord s : reversed) {
      if (s.state() == StepState.PENDING || s.state() == StepState.UNDONE) {
        continue;
      }
      try {
        step(plan, s).undo(context(run, s, plan), s.changes());
        journal.finished(id, s.seq(), StepState.UNDONE, s.outcome());
        LOG.info("recovery step undone run={} pair={} step={}", id, s.pair(), s.step());
      } catch (Exception e) {
        journal.failed(id, s.seq(), "undo of " + s.step() + " failed: " + message(e));
        journal.runState(id, RunState.FAILED, null);
        return load(id);
      }
    }
    journal.runState(id, RunState.ROLLED_BACK, null);
    return load(id);
  }

  @FunctionalInterface
  private interface RunWork {
    RunRecord run();
  }

  /** One thread at a time per run: a second caller is told the run is busy, not queued. */
  private RunRecord exclusively(long id, String busy, RunWork work) {
    ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
    if (!lock.tryLock()) {
      throw new IllegalStateException(busy);
    }
    try {
      return work.run();
    } finally {
      lock.unlock();
    }
  }

  /** The newest runs, without their steps. */
  public List<RunRecord> recent(int limit) {
    return journal.runs(limit);
  }

  /** Runs left RUNNING by a crash, to be executed again when the server starts. */
  public List<Long> interrupted() {
    return journal.runsIn(RunState.RUNNING);
  }

  public RunRecord load(long id) {
    return journal.run(id).orElseThrow(() -> new IllegalArgumentException("no run " + id));
  }

  public static RunPlan plan(RunRecord run) {
    try {
      return Json.read(run.plan(), RunPlan.class);
    } catch (InvalidConfigException e) {
      throw new IllegalStateException("run " + run.id() + " holds an unreadable plan: "
          + e.getMessage(), e);
    }
  }

  private StepRecord failedStep(long id) {
    RunRecord run = load(id);
    if (run.state() != RunState.FAILED) {
      throw new IllegalStateException("run " + id + " is " + run.state().name().toLowerCase()
          + ", not failed");
    }
    boolean drill = plan(run).isDrill();
    return run.steps().stream().filter(s -> s.state() == StepState.FAILED
            || drill && s.state() == StepState.STARTED)
        .filter(s -> !drill || s.step().equals(StepKind.DRILL_CLEAN_UP.id())).findFirst()
        .orElseThrow(() -> new IllegalStateException("run " + id + " has no failed step"
            + (drill ? " left: a drill is cleaned up after a failed step; start a new drill"
            : "")));
  }

  /** The pair's application's recovery: as the plan recorded it, else as the server says. */
  private RecoveryConnector connector(RunPlan plan, RecoveryPair pair) {
    String kind = plan.applications().containsKey(pair.name())
        ? plan.applications().get(pair.name()) : applicationKind.apply(pair.primary());
    RecoveryConnector connector = connectors.get(kind);
    if (connector == null) {
      throw new IllegalStateException("this server has no recovery for " + kind + ", the kind "
          + "of " + pair.primary());
    }
    return connector;
  }

  private RecoveryStep step(RunPlan plan, StepRecord s) {
    RecoveryPair pair = pair(plan, s);
    RecoveryStep step = steps.get(connector(plan, pair).kind()).get(StepKind.of(s.step()));
    if (step == null) {
      throw new IllegalStateException("the recovery of " + pair.primary() + " has no step "
          + s.step());
    }
    return step;
  }

  private static RecoveryPair pair(RunPlan plan, StepRecord s) {
    return plan.pairs().stream().filter(p -> p.name().equals(s.pair())).findFirst()
        .orElseThrow();
  }

  private StepContext context(RunRecord run, StepRecord s, RunPlan plan) {
    return new JournalStepContext(run.id(), s.seq(), plan, pair(plan, s), startedAt(run, plan),
        journal, this);
  }

  /**
   * When the measured RTO starts: the command, for failovers and failbacks; for a drill, which
   * may have waited for another to finish, when its first step started.
   */
  private Instant startedAt(RunRecord run, RunPlan plan) {
    if (!plan.isDrill()) {
      return run.startedAt();
    }
    // Read afresh: the record in hand may predate the first step's start.
    Instant first = load(run.id()).steps().get(0).startedAt();
    return first == null ? Instant.now() : first;
  }

  private static String inputs(RunPlan plan, StepRecord s) {
    return Json.write(Map.of("pair", s.pair(), "point", plan.policy().point(),
        "attempt", s.attempts() + 1));
  }

  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
