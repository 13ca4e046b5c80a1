package io.nearline.server.peer;

import java.util.function.LongSupplier;

/**
 * A token bucket over every byte the link sends and receives. Its rate is asked for as it goes,
 * so a calendar window that opens or closes takes effect within a second; a burst is at most a
 * tenth of a second's worth, which keeps the rate measured over seconds within a few percent.
 */
final class Throttle {
  static final Throttle NONE = new Throttle(() -> 0);

  private final LongSupplier limit;
  private double tokens;
  private long lastNanos = System.nanoTime();
  private long total;

  Throttle(LongSupplier bytesPerSecond) {
    this.limit = bytesPerSecond;
  }

  /** Blocks until {@code bytes} may pass. */
  synchronized void take(long bytes) throws java.io.InterruptedIOException {
    total += bytes;
    long rate = limit.getAsLong();
    if (rate <= 0) {
      tokens = 0;
      lastNanos = System.nanoTime();
      return;
    }
    refill(rate);
    tokens -= bytes;
    if (tokens < 0) {
      long waitNanos = (long) (-tokens * 1e9 / rate);
      try {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("the link was stopped");
      }
      refill(rate);
    }
  }

  private void refill(long rate) {
    long now = System.nanoTime();
    tokens = Math.min(rate / 10.0, tokens + (now - lastNanos) * rate / 1e9);
    lastNanos = now;
  }

  /** Every byte that passed, both ways. */
  synchronized long total() {
    return total;
  }
}
