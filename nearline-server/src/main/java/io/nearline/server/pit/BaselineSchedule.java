package io.nearline.server.pit;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * When synthetic baselines are due: {@code auto}, a fixed interval ({@code PT6H}), or a Quartz
 * cron expression ({@code 0 0 1/4 * * ?}, in the server's time zone). The automatic interval
 * keeps the replay any point needs within the open target: a baseline whenever the log
 * collected since the last one would take that long to replay, between one and 24 hours.
 */
final class BaselineSchedule {
  static final Duration SHORTEST_AUTO = Duration.ofHours(1);
  static final Duration LONGEST_AUTO = Duration.ofHours(24);
  /** Replay into a snapshot before one has been measured here (DESIGN: ~100 MB/s or more). */
  static final double ASSUMED_REPLAY_BYTES_PER_SECOND = 100e6;

  private final String text;
  private final Duration interval;
  private final CronExpression cron;

  private BaselineSchedule(String text, Duration interval, CronExpression cron) {
    this.text = text;
    this.interval = interval;
    this.cron = cron;
  }

  /** @throws IllegalArgumentException naming the three forms */
  static BaselineSchedule parse(String text) {
    String t = text.strip();
    if (t.equalsIgnoreCase("auto")) {
      return new BaselineSchedule("auto", null, null);
    }
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        Duration d = Duration.parse(t);
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("a baseline interval must be positive: " + t);
        }
        return new BaselineSchedule(t, d, null);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not an ISO-8601 duration: " + t, e);
      }
    }
    try {
      CronExpression c = new CronExpression(t);
      c.setTimeZone(TimeZone.getDefault());
      return new BaselineSchedule(t, null, c);
    } catch (ParseException e) {
      throw new IllegalArgumentException("the baseline schedule must be auto, an interval such "
          + "as PT6H, or a Quartz cron expression such as '0 0 1/4 * * ?'; '" + t + "': "
          + e.getMessage(), e);
    }
  }

  /**
   * When the next baseline is due after one ended at {@code last}.
   *
   * @param walBytesPerSecond the server's log rate lately
   * @param replayBytesPerSecond the replay rate measured, 0 if not yet
   * @param openTarget the longest replay a point should need
   */
  Instant next(Instant last, double walBytesPerSecond, double replayBytesPerSecond,
      Duration openTarget) {
    if (cron != null) {
      Date next = cron.getNextValidTimeAfter(Date.from(last));
      return next == null ? Instant.MAX : next.toInstant();
    }
    return last.plus(interval != null ? interval
        : auto(walBytesPerSecond, replayBytesPerSecond, openTarget));
  }

  /** The automatic interval: as much log as replays within the target, clamped. */
  static Duration auto(double walBytesPerSecond, double replayBytesPerSecond,
      Duration openTarget) {
    double replay = replayBytesPerSecond > 0 ? replayBytesPerSecond
        : ASSUMED_REPLAY_BYTES_PER_SECOND;
    double seconds = openTarget.toSeconds() * replay / Math.max(1, walBytesPerSecond);
    Duration d = Duration.ofSeconds((long) Math.min(seconds, LONGEST_AUTO.toSeconds()));
    return d.compareTo(SHORTEST_AUTO) < 0 ? SHORTEST_AUTO : d;
  }

  @Override
  public String toString() {
    return text;
  }
}
