package io.nearline.drills.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CronTextTest {
  @Test
  void shouldReadTheUsualFiveFieldsAsQuartzDoes() {
    assertEquals("0 0 2 * * ?", CronText.quartz("0 2 * * *"));
    assertEquals("0 30 1 ? * 2,3,4,5,6", CronText.quartz("30 1 * * MON-FRI"));
    assertEquals("0 30 1 ? * 2,3,4,5,6", CronText.quartz("30 1 * * 1-5"), "cron counts from 0");
    assertEquals("0 0 4 ? * 1,7", CronText.quartz("0 4 * * 0,6"));
    assertEquals("0 0 4 ? * 1", CronText.quartz("0 4 * * 7"));
    assertEquals("0 0 4 ? * 1,2,3,4,5,6,7", CronText.quartz("0 4 * * 0-7"), "every day");
    assertEquals("0 0 4 ? * 2,4,6", CronText.quartz("0 4 * * 1-6/2"), "a step stays a step");
    assertEquals("0 0 4 ? * 2,4,6", CronText.quartz("0 4 * * 1/2"));
    assertEquals("0 0 3 1 * ?", CronText.quartz(" 0 3 1 * * "));
    assertEquals("0 0 2 * * ?", CronText.quartz("0 0 2 * * ?"), "Quartz's own form as it is");
  }

  @Test
  void shouldSayWhatIsWrongWithAnExpression() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CronText.quartz("0 2 * *"))
        .getMessage().contains("has 4 fields; give five"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CronText.quartz("0 2 1 * 1"))
        .getMessage().contains("both a day of the month and a day of the week"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CronText.quartz("0 75 * * *"))
        .getMessage().startsWith("cron 0 75 * * * is not valid: "));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CronText.quartz("0 2 * * 8"))
        .getMessage().contains("weekday 8 is not a day"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CronText.quartz("0 2 * * X"))
        .getMessage().contains("X is neither a number nor a day's name"));
  }
}
