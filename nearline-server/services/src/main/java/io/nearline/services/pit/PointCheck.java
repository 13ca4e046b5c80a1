package io.nearline.services.pit;

import java.time.Instant;
import java.util.List;

/**
 * The restorability verifier's last word on one server: every kept point, green if its
 * baseline and every log file it needs are present, match their checksums and leave no gap.
 *
 * @param checkedAt when it was checked; null before the first check
 * @param opened the last sampled point actually opened, and how it went (null: not yet)
 */
public record PointCheck(String server, Instant checkedAt, int points, int redPoints,
    List<Point> results, Opened opened) {

  /** A server whose points have not been checked yet. */
  public static PointCheck notYet(String server) {
    return new PointCheck(server, null, 0, 0, List.of(), null);
  }

  /** One kept point: {@code problems} empty when it is green. */
  public record Point(String point, long baselineId, String baselineEnd, int files,
      List<String> problems) {
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean green() {
      return problems.isEmpty();
    }
  }

  /** A sampled point opened as a snapshot to prove it restores. */
  public record Opened(String point, Instant at, boolean passed, String note) {}
}
