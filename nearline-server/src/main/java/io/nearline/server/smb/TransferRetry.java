package io.nearline.server.smb;

import java.time.Duration;

/**
 * How a broken transfer is resumed: up to {@code attempts} tries in all, pausing
 * {@code firstPause} and doubling up to {@code maxPause} between them.
 *
 * @param timeout how long one SMB request may wait for an answer
 */
public record TransferRetry(int attempts, Duration firstPause, Duration maxPause,
    Duration timeout) {

  public static final TransferRetry DEFAULT = new TransferRetry(6, Duration.ofMillis(500),
      Duration.ofSeconds(10), Duration.ofSeconds(30));

  /** The pause before attempt {@code n} (2 or more). */
  public Duration pauseBefore(int n) {
    long millis = firstPause.toMillis() << Math.min(n - 2, 20);
    return Duration.ofMillis(Math.min(millis, maxPause.toMillis()));
  }
}
