package io.nearline.recovery.journal;

/** Where a recovery run stands. */
public enum RunState {
  /** Steps are being executed (or will be, when an interrupted server restarts). */
  RUNNING,
  /** A step failed: retry, skip or roll back. */
  FAILED,
  SUCCEEDED,
  /**
   * A drill ended before its last step (a step failed, it was pre-empted or interrupted), and
   * was cleaned up; the report says why.
   */
  STOPPED,
  /** Every change was reversed. */
  ROLLED_BACK,
  /** A dry run: planned, nothing changed. */
  PLANNED
}
