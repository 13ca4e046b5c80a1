package io.nearline.server.smb;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import io.nearline.common.retry.Backoff;
import java.time.Duration;

/** How a transfer that breaks mid-file is resumed on a new stream. */
public record TransferRetry(
    @Describe("Attempts in all, the first included") @Check.Range(min = 1, max = 100)
    int attempts,
    @Describe("The pauses between attempts") @Check.Required Backoff backoff,
    @Describe("How long one SMB request may wait for an answer") @Check.Positive
    Duration timeout) {

  public static final TransferRetry DEFAULT = new TransferRetry(6,
      new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10)), Duration.ofSeconds(30));
}
