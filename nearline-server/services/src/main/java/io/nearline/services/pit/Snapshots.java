package io.nearline.services.pit;

import java.util.List;

/** Read-only servers of protected databases at past points. */
public interface Snapshots {

  /**
   * Starts opening a snapshot and returns at once, {@link SnapshotState#OPENING}.
   *
   * @param by who asked, for the catalog
   * @throws io.nearline.services.NearlineException 400 for a request that is not one point,
   *     404 for an unknown server or tag, 422 for a point outside what can be opened (naming
   *     the range that can)
   */
  SnapshotInfo open(String server, SnapshotRequest request, String by);

  /** Open and opening snapshots, and those ended in the last day; of one server or all (null). */
  List<SnapshotInfo> list(String server);

  /** @throws io.nearline.services.NearlineException 404 if there is no such snapshot */
  SnapshotInfo get(long id);

  /**
   * Copies a table, or the rows of it a predicate selects, from an open snapshot into the
   * primary (or another server) under a new name, touching nothing else there.
   *
   * @throws io.nearline.services.NearlineException 409 if the snapshot is not open, 422 if
   *     the copy is refused (no such table, the name taken, a bad predicate)
   */
  ItemRestored restoreItem(long id, ItemRestoreRequest request, String by);

  /** Stops and removes a snapshot; harmless on one already ended. */
  SnapshotInfo drop(long id);

  /** The server's kept baselines, newest first. */
  List<BaselineInfo> baselines(String server);
}
