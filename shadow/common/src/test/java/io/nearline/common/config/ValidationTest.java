package io.nearline.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationTest {
  record Host(
      @Describe("Where the host listens") @Check.Required String address,
      @Describe("Its port") @Check.Port int port) {}

  record Settings(
      @Describe("How the thing is called") @Check.Required
      @Check.Matches(regex = "[a-z]+", means = "lower-case letters") String name,
      @Describe("How often to look") @Check.Positive Duration every,
      @Describe("How many at once") @Check.Range(min = 1, max = 8) int connections,
      @Describe("Where it keeps its files") @Check.AbsolutePath String home,
      @Describe("The hosts it serves") List<Host> hosts,
      @Describe("Whether it may be replaced") boolean disposable) implements CrossChecked {
    @Override
    public void check(Problems problems) {
      if (disposable && home == null) {
        problems.add("home", "is required when disposable is true");
      }
    }
  }

  @Test
  void shouldNameEveryFieldAtFaultIncludingWithinListedRecords() {
    Settings s = new Settings("DB 1", Duration.ZERO, 9, "relative/dir",
        List.of(new Host("h1", 5432), new Host(" ", 70000)), false);
    assertEquals(Map.of(
        "name", "must be lower-case letters, not 'DB 1'",
        "every", "must be above zero, not PT0S",
        "connections", "must be from 1 to 8, not 9",
        "home", "must be an absolute path without quotes, not relative/dir",
        "hosts[1].address", "is required",
        "hosts[1].port", "must be a TCP port (1 to 65535), not 70000"),
        Validation.problems(s));
  }

  @Test
  void shouldRunTheRecordsOwnRulesOnceEachFieldIsValid() {
    Settings s = new Settings("db", Duration.ofSeconds(1), 2, null, List.of(), true);
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> Validation.valid(s));
    assertEquals("home is required when disposable is true", e.getMessage());
    assertEquals(Map.of("home", "is required when disposable is true"), e.fields());
  }

  @Test
  void shouldFindNothingWrongWithAValidRecord() {
    assertTrue(Validation.problems(new Host("h", 22)).isEmpty());
  }
}
