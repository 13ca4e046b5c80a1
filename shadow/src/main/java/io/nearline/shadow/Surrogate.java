package io.nearline.shadow;

import java.util.List;

/**
 * A readable replica kept current by replaying collected log, running on the near-line host.
 * Methods are called from one supervising thread at a time and may block on the process.
 */
public interface Surrogate {

  /** Makes the surrogate's files from a verified baseline (moving its directory in). */
  void create(Baseline baseline) throws ShadowException;

  boolean exists();

  /**
   * Starts the surrogate if it is not running; returns without waiting for consistency. Its
   * restore step is written anew first, as {@link #writeRestoreStep()} does.
   */
  void start() throws ShadowException;

  /**
   * Writes how its restore step reaches Nearline (address, credential) anew; safe while it
   * runs, since the step reads them at every file. Called when Nearline starts with the
   * surrogate still running: its earlier credential was revoked.
   */
  void writeRestoreStep() throws ShadowException;

  void stop() throws ShadowException;

  boolean isRunning();

  /** How far it has replayed; fails if it does not answer (starting, not yet consistent). */
  ReplayStatus replayStatus() throws ShadowException;

  /** The latest lines of its own log that explain trouble (fetch failures, errors), newest last. */
  List<String> recentProblems();

  /** How clients reach it, for read-only queries: a libpq connection string. */
  String connectionString();
}
