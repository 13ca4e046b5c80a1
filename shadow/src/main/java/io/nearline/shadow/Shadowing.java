package io.nearline.shadow;

import java.nio.file.Path;
import java.util.List;

/**
 * What a connector does to keep a surrogate: take and verify baselines and run the replica.
 * Calls may take minutes (a baseline copies the whole database) and are made off the
 * collection threads.
 */
public interface Shadowing {

  /**
   * Copies the primary's data into {@code directory} over the application's own protocol.
   *
   * @throws ShadowException if the copy fails or the primary is no longer the protected one
   */
  Baseline takeBaseline(String connection, ServerIdentity expected, Path directory, String osUser)
      throws ShadowException;

  /** The log files, in order, that must be collected before {@code baseline} can be verified. */
  List<String> filesNeeded(Baseline baseline);

  /** Checks the copy against its manifest and the collected log it needs. */
  void verifyBaseline(Baseline baseline, LogFileSource log, String osUser) throws ShadowException;

  /** A snapshot kept in {@code settings.directory()}, its data already copied there. */
  Snapshot snapshot(SnapshotSettings settings, String connection);

  /** Copies single items out of snapshots, if the application has items to copy. */
  default java.util.Optional<ItemCopy> itemCopy() {
    return java.util.Optional.empty();
  }

  /** A surrogate kept in {@code settings.directory()}; it may or may not exist yet. */
  Surrogate surrogate(SurrogateSettings settings, String connection);
}
