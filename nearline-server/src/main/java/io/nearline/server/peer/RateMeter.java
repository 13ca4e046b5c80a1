package io.nearline.server.peer;

/** Bytes per second over the last five seconds, in one-second buckets. */
final class RateMeter {
  private static final int SECONDS = 5;
  private final long[] buckets = new long[SECONDS];
  private long currentSecond;

  synchronized void add(long bytes) {
    roll();
    buckets[(int) (currentSecond % SECONDS)] += bytes;
  }

  synchronized double perSecond() {
    roll();
    long sum = 0;
    for (int i = 1; i < SECONDS; i++) {
      sum += buckets[(int) ((currentSecond - i) % SECONDS)];
    }
    return sum / (double) (SECONDS - 1);
  }

  private void roll() {
    long now = System.currentTimeMillis() / 1000;
    if (now - currentSecond >= SECONDS) {
      java.util.Arrays.fill(buckets, 0);
    } else {
      for (long s = currentSecond + 1; s <= now; s++) {
        buckets[(int) (s % SECONDS)] = 0;
      }
    }
    currentSecond = now;
  }
}
