package io.nearline.server.cli;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code MON-FRI 08:00-18:00 10MB} and rates such as {@code 10MB} or {@code 512KB}. */
final class LinkWindowText {
  private static final Pattern WINDOW = Pattern.compile(
      "([A-Za-z,-]+)\\s+(\\d\\d:\\d\\d)-(\\d\\d:\\d\\d)\\s+(\\S+)");
  private static final Pattern RATE = Pattern.compile("(\\d+)\\s*([KMG]?)B?",
      Pattern.CASE_INSENSITIVE);

  private LinkWindowText() {}

  static Map<String, Object> parse(String text) {
    Matcher m = WINDOW.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a window: '" + text + "'; write it as "
          + "'MON-FRI 08:00-18:00 10MB'");
    }
    return Map.of("days", days(m.group(1)), "from", m.group(2), "until", m.group(3), "limit",
        bytes(m.group(4)));
  }

  static long bytes(String text) {
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
    return Long.parseLong(m.group(1)) << shift;
  }

  private static List<String> days(String text) {
    List<String> days = new ArrayList<>();
    for (String part : text.toUpperCase(Locale.ROOT).split(",")) {
      String[] range = part.split("-");
      DayOfWeek from = day(range[0]);
      DayOfWeek to = range.length > 1 ? day(range[1]) : from;
      for (DayOfWeek d = from; ; d = d.plus(1)) {
        days.add(d.name());
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
