package io.nearline.drills.schedule;

import java.text.ParseException;
import org.quartz.CronExpression;

/** Cron expressions as users write them, in the form Quartz reads. */
final class CronText {
  private CronText() {
  }

  /**
   * Quartz's form of {@code text}: six or seven fields are taken as they are; the usual five
   * (minute hour day month weekday) get a seconds field, and a {@code ?} for whichever of day
   * and weekday is {@code *}, as Quartz wants one of them left open.
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
          + " " + fields[3] + " " + (weekday.equals("*") ? "?" : weekday);
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
