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
  void take(long bytes) throws java.io.InterruptedIOException {
    long waitNanos = reserve(bytes);
    if (waitNanos > 0) {
      try {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("the link was stopped");
      }
    }
  }

  /** Takes the bytes from the bucket (into debt if need be); how long to wait for them. */
  private synchronized long reserve(long bytes) {
    total += bytes;
    long rate = limit.getAsLong();
    if (rate <= 0) {
      tokens = 0;
      lastNanos = System.nanoTime();
      return 0;
    }
    refill(rate);
    tokens -= bytes;
    return tokens < 0 ? (long) (-tokens * 1e9 / rate) : 0;
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
