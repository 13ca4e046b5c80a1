package io.nearline.server.pit;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import java.time.Duration;

/** How snapshots, synthetic baselines, retention and the verifier behave. */
public record PointsInTimeConfig(
    @Describe("How long a snapshot stays open unless asked otherwise") @Check.Positive
    Duration snapshotTtl,
    @Describe("When synthetic baselines are taken from each surrogate: auto (from the log rate "
        + "measured, the replay rate and openTarget), an interval such as PT6H, or a Quartz "
        + "cron expression such as '0 0 */4 * * ?'") @Check.Required String baselineSchedule,
    @Describe("The longest replay opening any point should need, for the auto schedule")
    @Check.Positive Duration openTarget,
    @Describe("How many of each server's newest baselines stay unpacked, so snapshots from "
        + "them start in a moment") @Check.Range(min = 0, max = 1000) int publishedBaselines,
    @Describe("How often retention runs") @Check.Positive Duration retentionEvery,
    @Describe("How often the verifier checks the files of every kept point") @Check.Positive
    Duration verifyEvery,
    @Describe("How often the verifier opens one sampled point to prove it restores")
    @Check.Positive Duration openSampleEvery) {

  public static PointsInTimeConfig defaults() {
    return new PointsInTimeConfig(Duration.ofHours(1), "auto", Duration.ofMinutes(2), 2,
        Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(7));
  }
}
