package io.nearline.recovery.spi;

import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What a step knows while it runs: its run, its pair, and the journal to record changes in. */
public interface StepContext {
  long run();

  RunPlan plan();

  RecoveryPair pair();

  /** Where clients go once this run is done: the standby, or the primary on failback. */
  default Standby target() {
    return plan().target(pair());
  }

  /** The facts an earlier step of this run reported for this pair; empty if it has not run. */
  Map<String, String> factsOf(StepKind step);

  /**
   * The facts every step of this run reported for this pair so far, later steps' winning: how
   * engine steps read what an application's steps reported under names they share (a drill's
   * {@link io.nearline.recovery.drill.DrillServer}).
   */
  Map<String, String> facts();

  /** The changes another run journaled for this pair (a failback reads its failover's). */
  List<Change> changesOf(long otherRun);

  /** When the operator's command started the run: the start of the measured RTO. */
  Instant runStartedAt();

  /** Journals a change, durably, before the step makes it. */
  void record(Change change);
}
