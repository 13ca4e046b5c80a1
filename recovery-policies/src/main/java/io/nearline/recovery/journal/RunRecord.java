package io.nearline.recovery.journal;

import io.nearline.recovery.RunKind;
import java.time.Instant;
import java.util.List;

/** One run as journaled, with its steps in order. */
public record RunRecord(long id, String policy, RunKind kind, RunState state, String plan,
    Instant startedAt, Instant finishedAt, String report, List<StepRecord> steps) {

  /** The first step not yet done, if any. */
  public StepRecord current() {
    return steps.stream().filter(s -> !s.state().isDone()).findFirst().orElse(null);
  }
}
