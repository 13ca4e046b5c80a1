package io.nearline.services.peer;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bandwidth window as people write it, {@code MON-FRI 08:00-18:00 10MB}, and rates such as
 * {@code 10MB} or {@code 512KB} (bytes per second), both ways: the CLI and the console read and
 * show windows alike.
 */
public final class LinkWindowText {
  private static final Pattern WINDOW = Pattern.compile(
      "([A-Za-z,-]+)\\s+(\\d\\d:\\d\\d(?::\\d\\d)?)-(\\d\\d:\\d\\d(?::\\d\\d)?)\\s+(\\S+)");
  private static final Pattern RATE = Pattern.compile("(\\d+)\\s*([KMG]?)B?",
      Pattern.CASE_INSENSITIVE);

  private LinkWindowText() {}

  /** @throws IllegalArgumentException saying how to write it */
  public static LinkSettings.Window parse(String text) {
    Matcher m = WINDOW.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a window: '" + text + "'; write it as "
          + "'MON-FRI 08:00-18:00 10MB'");
    }
    try {
      return new LinkSettings.Window(days(m.group(1)), LocalTime.parse(m.group(2)),
          LocalTime.parse(m.group(3)), bytes(m.group(4)));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a time of day in '" + text + "': "
          + e.getParsedString());
    }
  }

  /** @throws IllegalArgumentException saying how to write it */
  public static long bytes(String text) {
    Matcher m = RATE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a rate: '" + text + "'; write it as 10MB, 512KB "
          + "or 0");
    }
    int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
      case "K" -> 10;
      case "M" -> 20;
      case "G" -> 30;
      default -> 0;
    };
    long count = Long.parseLong(m.group(1));
    if (count > Long.MAX_VALUE >> shift) {
      throw new IllegalArgumentException("not a rate: '" + text + "' is too large");
    }
    return count << shift;
  }

  /** The window as {@link #parse} reads it. */
  public static String text(LinkSettings.Window w) {
    return days(w.days()) + " " + w.from() + "-" + w.until() + " " + rate(w.limit());
  }

  /** A rate as {@link #bytes} reads it: 10MB, 512KB, or plain bytes. */
  public static String rate(long bytes) {
    if (bytes != 0 && bytes % (1 << 30) == 0) {
      return (bytes >> 30) + "GB";
    }
    if (bytes != 0 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + "MB";
    }
    return bytes != 0 && bytes % 1024 == 0 ? (bytes >> 10) + "KB" : Long.toString(bytes);
  }

  /** Runs of consecutive days as ranges: MON-FRI,SUN. */
  private static String days(List<DayOfWeek> days) {
    List<String> parts = new ArrayList<>();
    List<DayOfWeek> sorted = days.stream().distinct().sorted().toList();
    for (int i = 0; i < sorted.size(); ) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1).getValue() == sorted.get(j).getValue() + 1) {
        j++;
      }
      String first = sorted.get(i).name().substring(0, 3);
      parts.add(j == i ? first : first + "-" + sorted.get(j).name().substring(0, 3));
      i = j + 1;
    }
    return String.join(",", parts);
  }

  private static List<DayOfWeek> days(String text) {
    List<DayOfWeek> days = new ArrayList<>();
    for (String part : text.toUpperCase(Locale.ROOT).split(",")) {
      String[] range = part.split("-");
      DayOfWeek from = day(range[0]);
      DayOfWeek to = range.length > 1 ? day(range[1]) : from;
      for (DayOfWeek d = from; ; d = d.plus(1)) {
        days.add(d);
        if (d == to) {
          break;
        }
      }
    }
    return days;
  }

  private static DayOfWeek day(String abbreviation) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(abbreviation) && abbreviation.length() >= 2) {
        return d;
      }
    }
    throw new IllegalArgumentException("not a day: " + abbreviation + " (MON, TUE, ...)");
  }
}
