package io.nearline.server.peer;

import io.nearline.services.peer.LinkSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleTest {

  @Test
  void shouldHoldTheRateWithinTenPercentOfTheLimit() throws Exception {
    long limit = 5L << 20;
    Throttle throttle = new Throttle(() -> limit);
    long start = System.nanoTime();
    long sent = 0;
    while (System.nanoTime() - start < 3_000_000_000L) {
      throttle.take(256 << 10);
      sent += 256 << 10;
    }
    double rate = sent / ((System.nanoTime() - start) / 1e9);
    assertTrue(Math.abs(rate - limit) <= limit * 0.10, "rate " + rate + " for limit " + limit);
  }

  @Test
  void shouldTakeTheWindowsLimitOnlyInsideTheWindow() {
    LinkSettings s = new LinkSettings(9, 0, "Europe/Berlin", List.of(new LinkSettings.Window(
        List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(18, 0), 10L << 20)));
    // 2026-12-02 is a Wednesday; Berlin is UTC+1 in December.
    assertEquals(10L << 20, s.limitAt(Instant.parse("2026-12-02T07:00:00Z")));
    assertEquals(0, s.limitAt(Instant.parse("2026-12-02T17:00:00Z")));
    assertEquals(0, s.limitAt(Instant.parse("2026-12-05T10:00:00Z")), "Saturday");
  }

  @Test
  void shouldCarryAnOvernightWindowIntoTheNextMorning() {
    LinkSettings s = new LinkSettings(9, 1, "UTC", List.of(new LinkSettings.Window(
        List.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0), 0)));
    assertEquals(0, s.limitAt(Instant.parse("2026-12-04T23:00:00Z")), "Friday night");
    assertEquals(0, s.limitAt(Instant.parse("2026-12-05T05:00:00Z")), "Saturday morning");
    assertEquals(1, s.limitAt(Instant.parse("2026-12-05T07:00:00Z")));
  }
}
