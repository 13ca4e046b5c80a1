package io.nearline.recovery.journal;

/** Where one step stands. */
public enum StepState {
  PENDING, STARTED, FINISHED, FAILED, SKIPPED, UNDONE, PLANNED;

  /** The run may move past a step in this state. */
  public boolean isDone() {
    return this == FINISHED || this == SKIPPED;
  }
}
