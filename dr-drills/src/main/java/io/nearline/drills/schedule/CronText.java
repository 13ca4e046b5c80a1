package io.nearline.drills.schedule;

import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.quartz.CronExpression;

/** Cron expressions as users write them, in the form Quartz reads. */
final class CronText {
  private CronText() {
  }

  private static final List<String> NAMES = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI",
      "SAT");

  /**
   * A five-field weekday as an explicit list of Quartz's day numbers: cron counts 0-7 from
   * Sunday (0 and 7 both Sunday), Quartz 1-7, and Quartz does not read steps after names; a
   * list of the days meant says the same to both.
   */
  private static String weekdayNames(String weekday) {
    Set<Integer> days = new TreeSet<>();
    for (String part : weekday.split(",")) {
      String[] stepped = part.split("/", 2);
      int step = stepped.length > 1 ? number(stepped[1], weekday) : 1;
      int from;
      int to;
      if (stepped[0].equals("*")) {
        from = 0;
        to = 6;
      } else {
        String[] range = stepped[0].split("-", 2);
        from = day(range[0], weekday);
        to = range.length > 1 ? day(range[1], weekday) : stepped.length > 1 ? 6 : from;
      }
      if (step < 1 || to < from) {
        throw new IllegalArgumentException("cron weekday " + weekday + " is not a set of days");
      }
      for (int d = from; d <= to; d += step) {
        days.add(d % 7 + 1);
      }
    }
    return days.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** A weekday as cron writes it (0-7, or a name), counted 0-7 from Sunday. */
  private static int day(String text, String field) {
    int named = NAMES.indexOf(text.toUpperCase(java.util.Locale.ROOT));
    int day = named >= 0 ? named : number(text, field);
    if (day > 7) {
      throw new IllegalArgumentException("cron weekday " + day + " is not a day: 0-7 (0 and 7 "
          + "are Sunday), or SUN-SAT");
    }
    return day;
  }

  private static int number(String text, String field) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cron weekday " + field + " is not a set of days: "
          + text + " is neither a number nor a day's name");
    }
  }

  /**
   * Quartz's form of {@code text}: six or seven fields are taken as they are; the usual five
   * (minute hour day month weekday) get a seconds field, names for weekday numbers, and a
   * {@code ?} for whichever of day and weekday is {@code *}, as Quartz wants one left open.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static String quartz(String text) {
    String[] fields = text == null ? new String[0] : text.strip().split("\\s+");
    String expression;
    if (fields.length == 5) {
      String day = fields[2];
      String weekday = fields[4];
      if (!day.equals("*") && !weekday.equals("*")) {
        throw new IllegalArgumentException("cron " + text + " names both a day of the month and "
            + "a day of the week; Quartz runs on one or the other: make one of them *");
      }
      expression = "0 " + fields[0] + " " + fields[1] + " " + (weekday.equals("*") ? day : "?")
          + " " + fields[3] + " " + (weekday.equals("*") ? "?" : weekdayNames(weekday));
    } else if (fields.length == 6 || fields.length == 7) {
      expression = String.join(" ", fields);
    } else {
      throw new IllegalArgumentException("cron " + text + " has " + fields.length + " fields; "
          + "give five (minute hour day month weekday: 0 2 * * *) or Quartz's six or seven "
          + "(second first: 0 0 2 * * ?)");
    }
    try {
      CronExpression.validateExpression(expression);
    } catch (ParseException e) {
      throw new IllegalArgumentException("cron " + text + " is not valid: " + e.getMessage());
    }
    return expression;
  }
}
