package io.nearline.recovery.run;

import io.nearline.recovery.InvalidPolicyException;
import io.nearline.recovery.RecoveryJson;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.journal.Journal;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.journal.StepRecord;
import io.nearline.recovery.journal.StepState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
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
  private final Map<StepKind, RecoveryStep> steps;
  private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

  public RecoveryExecutor(Journal journal, List<RecoveryStep> steps) {
    this.journal = journal;
    this.steps = new java.util.EnumMap<>(StepKind.class);
    steps.forEach(s -> this.steps.put(s.kind(), s));
  }

  /** Journals a new run of {@code plan}: every (pair, step) in order, all pending. */
  public long create(RunPlan plan) {
    List<Journal.PlannedStep> planned = new ArrayList<>();
    for (RecoveryPair pair : plan.pairs()) {
      for (StepKind step : plan.steps()) {
        planned.add(new Journal.PlannedStep(pair.name(), step.id()));
      }
    }
    boolean dry = "dry-run".equals(plan.kind());
    return journal.createRun(plan.policy().name(), plan.kind(),
        dry ? RunState.PLANNED : RunState.RUNNING, RecoveryJson.write(plan), planned);
  }

  /**
   * A dry run: asks every step what it would change, journals that as planned, changes nothing.
   */
  public RunRecord dryRun(RunPlan plan) {
    long id = create(new RunPlan("dry-run", plan.policy(), plan.pairs(), plan.reverses()));
    RunRecord run = load(id);
    for (StepRecord s : run.steps()) {
      StepContext context = context(run, s, plan);
      try {
        for (Change change : step(s).plan(context)) {
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
    for (StepRecord s : run.steps()) {
      if (s.state().isDone()) {
        continue;
      }
      StepContext context = context(run, s, plan);
      journal.started(id, s.seq(), inputs(plan, s));
      LOG.info("recovery step started run={} pair={} step={} attempt={}", id, s.pair(),
          s.step(), s.attempts() + 1);
      try {
        StepOutcome outcome = step(s).execute(context);
        journal.finished(id, s.seq(), StepState.FINISHED, RecoveryJson.write(outcome));
        LOG.info("recovery step finished run={} pair={} step={} outcome=\"{}\"", id,
            s.pair(), s.step(), outcome.summary());
      } catch (Exception e) {
        String error = s.step() + " for pair " + s.pair() + " failed: " + message(e);
        journal.failed(id, s.seq(), error);
        journal.runState(id, RunState.FAILED, null);
        LOG.error("recovery step failed run={} pair={} step={} error=\"{}\"", id, s.pair(),
            s.step(), message(e), e);
        return load(id);
      }
    }
    journal.runState(id, RunState.SUCCEEDED, null);
    return load(id);
  }

  /** Runs the failed step again, then the rest. */
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
        step(s).undo(context(run, s, plan), s.changes());
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
      return RecoveryJson.read(run.plan(), RunPlan.class);
    } catch (InvalidPolicyException e) {
      throw new IllegalStateException("run " + run.id() + " holds an unreadable plan", e);
    }
  }

  private StepRecord failedStep(long id) {
    RunRecord run = load(id);
    if (run.state() != RunState.FAILED) {
      throw new IllegalStateException("run " + id + " is " + run.state().name().toLowerCase()
          + ", not failed");
    }
    return run.steps().stream().filter(s -> s.state() == StepState.FAILED).findFirst()
        .orElseThrow(() -> new IllegalStateException("run " + id + " has no failed step"));
  }

  private RecoveryStep step(StepRecord s) {
    RecoveryStep step = steps.get(StepKind.of(s.step()));
    if (step == null) {
      throw new IllegalStateException("this server cannot run step " + s.step());
    }
    return step;
  }

  private StepContext context(RunRecord run, StepRecord s, RunPlan plan) {
    RecoveryPair pair = plan.pairs().stream().filter(p -> p.name().equals(s.pair()))
        .findFirst().orElseThrow();
    return new StepContext(run.id(), s.seq(), plan, pair, run.startedAt(), journal);
  }

  private static String inputs(RunPlan plan, StepRecord s) {
    return RecoveryJson.write(Map.of("pair", s.pair(), "point", plan.policy().point(),
        "attempt", s.attempts() + 1));
  }

  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
