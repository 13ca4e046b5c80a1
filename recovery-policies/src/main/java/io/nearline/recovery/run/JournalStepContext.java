package io.nearline.recovery.run;

import io.nearline.common.json.Json;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.journal.Journal;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.StepRecord;
import io.nearline.recovery.journal.StepState;
import io.nearline.recovery.spi.RunPlan;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A step's context, read from and written to the journal. */
final class JournalStepContext implements StepContext {
  private final long run;
  private final int seq;
  private final RunPlan plan;
  private final RecoveryPair pair;
  private final Instant runStartedAt;
  private final Journal journal;
  private final RecoveryExecutor executor;

  JournalStepContext(long run, int seq, RunPlan plan, RecoveryPair pair, Instant runStartedAt,
      Journal journal, RecoveryExecutor executor) {
    this.run = run;
    this.seq = seq;
    this.plan = plan;
    this.pair = pair;
    this.runStartedAt = runStartedAt;
    this.journal = journal;
    this.executor = executor;
  }

  @Override
  public long run() {
    return run;
  }

  @Override
  public RunPlan plan() {
    return plan;
  }

  @Override
  public RecoveryPair pair() {
    return pair;
  }

  /**
   * Reads or writes the journal with the thread's interrupt set aside: a drill's stop
   * interrupts the step's own work, and embedded Derby must not see it (it would abort the
   * statement, or worse, the connection). The interrupt is kept for the step to notice.
   */
  private <T> T journaling(Supplier<T> work) {
    Thread inStep = executor.leaveStep(run);
    boolean interrupted = Thread.interrupted();
    try {
      return work.get();
    } finally {
      executor.reenterStep(run, inStep, interrupted);
    }
  }

  private RunRecord me() {
    return journaling(() -> journal.run(run).orElseThrow());
  }

  @Override
  public Map<String, String> factsOf(StepKind step) {
    RunRecord me = me();
    for (StepRecord s : me.steps()) {
      if (s.pair().equals(pair.name()) && s.step().equals(step.id()) && s.outcome() != null) {
        return Json.read(s.outcome(), StepOutcome.class).facts();
      }
    }
    return Map.of();
  }

  @Override
  public Map<String, String> facts() {
    Map<String, String> facts = new HashMap<>();
    for (StepRecord s : me().steps()) {
      if (s.pair().equals(pair.name()) && s.outcome() != null && s.seq() < seq) {
        facts.putAll(Json.read(s.outcome(), StepOutcome.class).facts());
      }
    }
    return facts;
  }

  @Override
  public List<Change> changesOf(long otherRun) {
    RunRecord other = journaling(() -> journal.run(otherRun)).orElseThrow(
        () -> new IllegalStateException("run " + otherRun + " is not in the journal"));
    List<Change> out = new ArrayList<>();
    for (StepRecord s : other.steps()) {
      if (s.pair().equals(pair.name()) && s.state() != StepState.UNDONE) {
        out.addAll(s.changes());
      }
    }
    return out;
  }

  @Override
  public Instant runStartedAt() {
    return runStartedAt;
  }

  @Override
  public void record(Change change) {
    journaling(() -> {
      journal.record(run, seq, change);
      return null;
    });
  }
}
