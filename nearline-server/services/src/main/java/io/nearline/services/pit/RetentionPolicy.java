package io.nearline.services.pit;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import java.time.Duration;

/**
 * What a server's store keeps: every log file for a window (any point in it can be opened),
 * then grandfather-father-son points: the newest baseline of each of the last so many days,
 * weeks, months and years. Tags, drill-tested points, legal holds and what a peer has not
 * acknowledged are kept whatever it says.
 */
public record RetentionPolicy(
    @Describe("Every log file is kept this long (ISO-8601, PT48H): any point in it opens")
    @Check.Positive @JsonFormat(shape = JsonFormat.Shape.STRING) Duration allLogFor,
    @Describe("Daily points: the newest baseline of each of this many days")
    @Check.Range(min = 0, max = 3660) int daily,
    @Describe("Weekly points: the newest baseline of each of this many weeks")
    @Check.Range(min = 0, max = 520) int weekly,
    @Describe("Monthly points: the newest baseline of each of this many months")
    @Check.Range(min = 0, max = 1200) int monthly,
    @Describe("Yearly points: the newest baseline of each of this many years")
    @Check.Range(min = 0, max = 100) int yearly) {

  /** Every segment for 48 h, then daily for 30 days, weekly 12, monthly 12, yearly 7. */
  public static final RetentionPolicy DEFAULT =
      new RetentionPolicy(Duration.ofHours(48), 30, 12, 12, 7);
}
