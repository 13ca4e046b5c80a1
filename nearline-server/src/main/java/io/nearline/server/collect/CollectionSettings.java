package io.nearline.server.collect;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import io.nearline.common.retry.Backoff;
import io.nearline.server.smb.TransferRetry;
import java.time.Duration;

/** How collection behaves, for every protected server. */
public record CollectionSettings(
    @Describe("How often each share is listed") @Check.Positive Duration pollInterval,
    @Describe("SMB connections per share, and concurrent transfers per poll")
    @Check.Range(min = 1, max = 32) int connections,
    @Describe("The most bytes one poll's concurrent transfers hold in memory") @Check.Positive
    long maxInFlightBytes,
    @Describe("How long a segment of the wrong size must stay unchanged before it is taken as "
        + "truncated rather than still being written") @Check.Positive Duration settleTime,
    @Describe("The pauses between polls after a retriable failure") @Check.Required
    Backoff retryBackoff,
    @Describe("How often a full store is checked for space again") @Check.Positive
    Duration storeFullRecheck,
    @Describe("How a transfer that breaks mid-file is resumed") @Check.Required
    TransferRetry transferRetry) {

  public static CollectionSettings defaults() {
    return new CollectionSettings(Duration.ofSeconds(2), 4, 256L << 20, Duration.ofSeconds(30),
        new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2)), Duration.ofSeconds(10),
        TransferRetry.DEFAULT);
  }

  public CollectionSettings withPollInterval(Duration pollInterval) {
    return new CollectionSettings(pollInterval, connections, maxInFlightBytes, settleTime,
        retryBackoff, storeFullRecheck, transferRetry);
  }

  public CollectionSettings withConnections(int connections) {
    return new CollectionSettings(pollInterval, connections, maxInFlightBytes, settleTime,
        retryBackoff, storeFullRecheck, transferRetry);
  }

  public CollectionSettings withSettleTime(Duration settleTime) {
    return new CollectionSettings(pollInterval, connections, maxInFlightBytes, settleTime,
        retryBackoff, storeFullRecheck, transferRetry);
  }

  public CollectionSettings withRetryBackoff(Backoff retryBackoff) {
    return new CollectionSettings(pollInterval, connections, maxInFlightBytes, settleTime,
        retryBackoff, storeFullRecheck, transferRetry);
  }

  public CollectionSettings withStoreFullRecheck(Duration storeFullRecheck) {
    return new CollectionSettings(pollInterval, connections, maxInFlightBytes, settleTime,
        retryBackoff, storeFullRecheck, transferRetry);
  }

  public CollectionSettings withTransferRetry(TransferRetry transferRetry) {
    return new CollectionSettings(pollInterval, connections, maxInFlightBytes, settleTime,
        retryBackoff, storeFullRecheck, transferRetry);
  }

  /**
   * Transfers in flight at once: twice the connections, so that while one transfer per
   * connection checksums, compresses and flushes, another is already reading.
   */
  public int transferWindow() {
    return connections * 2;
  }
}
