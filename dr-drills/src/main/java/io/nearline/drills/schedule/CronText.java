package io.nearline.drills.schedule;

import java.text.ParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/** Cron expressions as users write them, in the form Quartz reads. */
final class CronText {
  private CronText() {
  }

  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};
  /** A weekday number: not the step after a '/'. */
  private static final Pattern DAY_NUMBER = Pattern.compile("(?<![/0-9])([0-9]+)");

  /**
   * A five-field weekday with names for numbers: cron counts 0-7 from Sunday (0 and 7 both
   * Sunday), Quartz 1-7, so the numbers cannot pass as they are.
   */
  private static String weekdayNames(String weekday) {
    Matcher m = DAY_NUMBER.matcher(weekday);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int day = Integer.parseInt(m.group(1));
      if (day > 7) {
        throw new IllegalArgumentException("cron weekday " + day + " is not a day: 0-7 (0 and 7 "
            + "are Sunday), or MON-SUN");
      }
      m.appendReplacement(out, DAYS[day]);
    }
    m.appendTail(out);
    return out.toString();
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
