package io.nearline.recovery.journal;

import java.time.Instant;
import java.util.List;

/** One step as journaled. */
public record StepRecord(int seq, String pair, String step, StepState state, int attempts,
    String inputs, String outcome, String error, String skipReason, Instant startedAt,
    Instant finishedAt, List<Change> changes) {
}
