package io.nearline.common.retry;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import java.time.Duration;

/** The pauses between retries: {@code first}, doubled after each failure, up to {@code max}. */
public record Backoff(
    @Describe("The pause after the first failure") @Check.Positive Duration first,
    @Describe("The longest pause") @Check.Positive Duration max) {

  /** The pause after {@code failures} failures in a row (1 or more). */
  public Duration after(int failures) {
    long millis = first.toMillis() << Math.min(Math.max(failures, 1) - 1, 20);
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }
}
