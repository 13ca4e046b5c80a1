package io.nearline.recovery.run;

import io.nearline.recovery.InvalidPolicyException;
import io.nearline.recovery.RecoveryJson;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.journal.Journal;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.StepRecord;
import io.nearline.recovery.journal.StepState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a step knows while it runs: its run, its pair, and the journal to record changes in. */
public final class StepContext {
  private final long run;
  private final int seq;
  private final RunPlan plan;
  private final RecoveryPair pair;
  private final Instant runStartedAt;
  private final Journal journal;

  StepContext(long run, int seq, RunPlan plan, RecoveryPair pair, Instant runStartedAt,
      Journal journal) {
    this.run = run;
    this.seq = seq;
    this.plan = plan;
    this.pair = pair;
    this.runStartedAt = runStartedAt;
    this.journal = journal;
  }

  public long run() {
    return run;
  }

  public RunPlan plan() {
    return plan;
  }

  public RecoveryPair pair() {
    return pair;
  }

  /** Where clients go once this run is done: the standby, or the primary on failback. */
  public Standby target() {
    return plan.target(pair);
  }

  /** The facts an earlier step of this run reported for this pair; empty if it has not run. */
  public Map<String, String> factsOf(StepKind step) {
    RunRecord me = journal.run(run).orElseThrow();
    for (StepRecord s : me.steps()) {
      if (s.pair().equals(pair.name()) && s.step().equals(step.id()) && s.outcome() != null) {
        try {
          return RecoveryJson.read(s.outcome(), StepOutcome.class).facts();
        } catch (InvalidPolicyException e) {
          throw new IllegalStateException("unreadable outcome of " + step.id(), e);
        }
      }
    }
    return Map.of();
  }

  /** The changes another run journaled for this pair (a failback reads its failover's). */
  public List<Change> changesOf(long otherRun) {
    RunRecord other = journal.run(otherRun).orElseThrow(
        () -> new IllegalStateException("run " + otherRun + " is not in the journal"));
    List<Change> out = new ArrayList<>();
    for (StepRecord s : other.steps()) {
      if (s.pair().equals(pair.name()) && s.state() != StepState.UNDONE) {
        out.addAll(s.changes());
      }
    }
    return out;
  }

  /** When the operator's command started the run: the start of the measured RTO. */
  public Instant runStartedAt() {
    return runStartedAt;
  }

  /** Journals a change, durably, before the step makes it. */
  public void record(Change change) {
    journal.record(run, seq, change);
  }
}
