package io.nearline.services.peer;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/** How the link to the peer uses the WAN; saved with the pair, changed by an admin. */
public record LinkSettings(
    @Describe("zstd level for log files on the link, 1 to 19 (stored files stay level 1)")
    @Check.Range(min = 1, max = 19) int compressionLevel,
    @Describe("Bytes per second outside every window; 0 for no limit")
    @Check.Range(min = 0, max = Long.MAX_VALUE) long defaultLimit,
    @Describe("Time zone of the windows, such as Europe/Berlin") @Check.By(Zone.class) String zone,
    @Describe("Limits that hold at certain hours of certain days; none unless given")
    List<Window> windows) {

  public LinkSettings {
    windows = windows == null ? List.of() : List.copyOf(windows);
  }

  public static final int DEFAULT_LEVEL = 9;

  public static LinkSettings defaults() {
    return new LinkSettings(DEFAULT_LEVEL, 0, "UTC", List.of());
  }

  /** A weekly window: {@code days} from {@code from} until {@code until}, at {@code limit}. */
  public record Window(
      @Describe("Days the window holds on") @Check.Required List<DayOfWeek> days,
      @Describe("When it starts, HH:MM") @Check.Required LocalTime from,
      @Describe("When it ends, HH:MM; before 'from' means the next day") @Check.Required
      LocalTime until,
      @Describe("Bytes per second while it holds; 0 for no limit")
      @Check.Range(min = 0, max = Long.MAX_VALUE) long limit) {

    boolean holdsAt(ZonedDateTime t) {
      LocalTime now = t.toLocalTime();
      if (!from.isAfter(until)) {
        return days.contains(t.getDayOfWeek()) && !now.isBefore(from) && now.isBefore(until);
      }
      // Overnight: the part before midnight belongs to its day, the rest to the day before.
      return days.contains(t.getDayOfWeek()) && !now.isBefore(from)
          || days.contains(t.getDayOfWeek().minus(1)) && now.isBefore(until);
    }
  }

  /** The limit in bytes per second at {@code now}; 0 for none. The first matching window wins. */
  public long limitAt(java.time.Instant now) {
    ZonedDateTime t = now.atZone(ZoneId.of(zone));
    for (Window w : windows) {
      if (w.holdsAt(t)) {
        return w.limit();
      }
    }
    return defaultLimit;
  }

  /** A time zone Java knows. */
  public static final class Zone implements Check.Rule {
    @Override
    public String problem(Object value) {
      try {
        ZoneId.of(String.valueOf(value));
        return null;
      } catch (java.time.DateTimeException e) {
        return "not a time zone: " + value + " (for example UTC or Europe/Berlin)";
      }
    }
  }
}
