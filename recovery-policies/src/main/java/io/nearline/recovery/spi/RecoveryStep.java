package io.nearline.recovery.spi;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import java.util.List;

/**
 * One kind of step. The executor calls a step from its one worker thread, for one pair at a time.
 * A step may be executed again after a crash, a retry or a resumed run: it must notice work
 * already done and not repeat it, and it must record each change through
 * {@link StepContext#record} before making it, so that a crash never leaves a change unrecorded.
 */
public interface RecoveryStep {
  StepKind kind();

  /** What {@link #execute} would change now. Reads only; used by dry runs. */
  List<Change> plan(StepContext context) throws Exception;

  /** Brings the pair to this step's end state. */
  StepOutcome execute(StepContext context) throws Exception;

  /**
   * Reverses {@code changes}, the ones this step recorded in this run (all of them, or those
   * made before it failed). Must be harmless for changes that were recorded but not made.
   */
  void undo(StepContext context, List<Change> changes) throws Exception;
}
