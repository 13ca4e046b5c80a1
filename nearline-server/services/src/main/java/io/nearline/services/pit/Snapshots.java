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

  /** Stops and removes a snapshot; harmless on one already ended. */
  SnapshotInfo drop(long id);
}
