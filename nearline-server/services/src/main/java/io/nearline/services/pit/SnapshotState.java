package io.nearline.services.pit;

/** Where a snapshot is in its life. */
public enum SnapshotState {
  /** Its copy is being made and replayed to the point. */
  OPENING,
  /** Standing at its point, read-only, on its own port. */
  OPEN,
  /** It could not reach its point; the detail says why. Nothing is left running. */
  FAILED,
  /** Dropped on request or when its time ran out. */
  DROPPED
}
