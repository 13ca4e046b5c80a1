package io.nearline.server.collect;

import io.nearline.server.smb.TransferRetry;
import java.time.Duration;

/**
 * How collection behaves, for every protected server.
 *
 * @param pollInterval how often each share is listed
 * @param connections SMB connections per share, and concurrent transfers per poll
 * @param maxInFlightBytes most bytes held in memory by one poll's concurrent transfers
 * @param settleTime how long a segment of the wrong size must stay unchanged before it is taken
 *     as truncated rather than still being written
 * @param firstBackoff first pause after a retriable failure, doubled up to {@code maxBackoff}
 * @param storeFullRecheck how often a full store is checked for space again
 */
public record CollectionSettings(Duration pollInterval, int connections, long maxInFlightBytes,
    Duration settleTime, Duration firstBackoff, Duration maxBackoff, Duration storeFullRecheck,
    TransferRetry transferRetry) {

  public static CollectionSettings defaults() {
    return new CollectionSettings(Duration.ofSeconds(2), 4, 256L << 20, Duration.ofSeconds(30),
        Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofSeconds(10),
        TransferRetry.DEFAULT);
  }

  /**
   * Transfers in flight at once: twice the connections, so that while one transfer per
   * connection checksums, compresses and flushes, another is already reading.
   */
  public int transferWindow() {
    return connections * 2;
  }

  public Duration backoff(int consecutiveFailures) {
    long millis = firstBackoff.toMillis() << Math.min(consecutiveFailures - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
