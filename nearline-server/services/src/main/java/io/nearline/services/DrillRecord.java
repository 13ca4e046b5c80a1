package io.nearline.services;

import java.time.Instant;
import java.util.List;

/**
 * A drill: a recovery run in isolation (its id is the run's), and once it has ended, how it was
 * judged.
 *
 * @param id the drill's run
 * @param policy the policy drilled
 * @param target sandbox or standby
 * @param trigger who or what started it
 * @param outcome running, passed, failed, pre-empted or interrupted
 * @param point the recovery point it restored, in the application's form
 * @param pointCommitAt the last commit at that point
 * @param rtoSeconds start until the service was verified
 * @param rpoSeconds the point's age when the drill started
 * @param deviations why it did not pass, one line each; empty when it passed
 * @param reportSha256 its report's SHA-256, chained to the policy's previous report
 */
public record DrillRecord(long id, String policy, String target, String trigger,
    String outcome, Instant startedAt, Instant endedAt, String point, Instant pointCommitAt,
    Double rtoSeconds, Double rpoSeconds, Integer rtoTargetSeconds, Integer rpoTargetSeconds,
    int probesPassed, int probesRun, List<String> deviations, String reportSha256) {

  public DrillRecord {
    deviations = deviations == null ? List.of() : List.copyOf(deviations);
  }
}
