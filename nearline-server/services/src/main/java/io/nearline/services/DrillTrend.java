package io.nearline.services;

import java.time.Instant;
import java.util.List;

/**
 * A policy's last drills, oldest first, with what they say about a real failover.
 *
 * @param predictedFailoverRtoSeconds what a failover would take, going by the drills: the
 *     slowest of the last five passed standby drills (each a real restore to the standby), or
 *     for an instant policy the slowest of the last five passed sandbox drills (clients are
 *     served from the same kind of clone); null when there is none
 * @param basis how the prediction was made, in words
 */
public record DrillTrend(String policy, List<Point> drills, Integer rtoTargetSeconds,
    Integer rpoTargetSeconds, Double medianRtoSeconds, Double worstRtoSeconds,
    Double predictedFailoverRtoSeconds, String basis) {

  /** One drill's figures. */
  public record Point(long id, Instant endedAt, String target, String outcome,
      Double rtoSeconds, Double rpoSeconds) {
  }
}
