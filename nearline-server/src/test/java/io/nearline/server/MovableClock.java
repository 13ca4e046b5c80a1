package io.nearline.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock, moved ahead by as much as a test says: months pass without a wait. */
public final class MovableClock extends Clock {
  private volatile Duration ahead = Duration.ZERO;

  public void moveAhead(Duration d) {
    ahead = ahead.plus(d);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(ahead);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
