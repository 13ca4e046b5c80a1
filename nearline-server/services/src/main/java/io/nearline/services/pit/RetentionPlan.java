package io.nearline.services.pit;

import java.time.Instant;
import java.util.List;

/**
 * What retention would keep and remove for one server, changing nothing.
 *
 * @param keptPoints each point retention keeps, with why and what it needs
 * @param removedBaselines baselines that would go
 * @param removedFiles how many log files would go, and their bytes as stored
 * @param firstRemovedFile the oldest of them, last the newest (null if none)
 */
public record RetentionPlan(String server, Instant at, RetentionPolicy policy,
    List<KeptPoint> keptPoints, List<RemovedBaseline> removedBaselines, int removedFiles,
    long removedFileBytes, String firstRemovedFile, String lastRemovedFile, int keptFiles,
    long keptFileBytes) {

  /**
   * A point kept, and why.
   *
   * @param reasons "every log for 48 h", "daily 2026-11-30", "tag nightly", "legal hold 3: …",
   *     "not acknowledged by the peer", "open snapshot"
   * @param baselineEnd the baseline it starts from
   * @param firstFile the first log file it needs; lastFile the last (null: only the baseline's
   *     own)
   */
  public record KeptPoint(String point, List<String> reasons, long baselineId,
      String baselineEnd, String firstFile, String lastFile, int files) {}

  public record RemovedBaseline(long id, String end, Instant endedAt, long archiveBytes) {}
}
