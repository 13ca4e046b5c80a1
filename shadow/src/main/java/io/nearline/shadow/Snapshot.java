package io.nearline.shadow;

import java.util.List;

/**
 * A read-only server of a protected application at a past point, made from a copy of a
 * baseline and the log collected after it. Methods are called by one thread at a time.
 *
 * <p>Its restore step reads log files from {@link SnapshotSettings#spool()}: Nearline first
 * writes there the list of every file it will supply ({@link SnapshotSettings#EXPECTED}), then
 * the files themselves, each renamed into place whole, companion files first. A file not on
 * the list is answered "none" at once; a listed one is waited for, marked as wanted
 * ({@link SnapshotSettings#WANTED}) so Nearline brings it first. The snapshot marks each file
 * it has taken ({@link SnapshotSettings#TAKEN}) so Nearline can keep only a few ahead.
 */
public interface Snapshot {

  /** Sets it to replay to {@code target} and stop there, readable. */
  void configure(PointTarget target) throws ShadowException;

  void start() throws ShadowException;

  boolean isRunning();

  /** How far it has replayed; fails if it does not answer yet. */
  SnapshotProgress progress() throws ShadowException;

  void stop() throws ShadowException;

  /** The latest lines of its log that explain trouble, newest last. */
  List<String> recentProblems();

  /** How clients reach it: a libpq connection string for PostgreSQL. */
  String connectionString();

  /**
   * How far a snapshot has replayed.
   *
   * @param replay its replay position and last commit
   * @param reached whether it stands at its target, replay stopped
   */
  record SnapshotProgress(ReplayStatus replay, boolean reached) {}
}
