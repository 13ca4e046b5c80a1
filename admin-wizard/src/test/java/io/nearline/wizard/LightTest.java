package io.nearline.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.services.CollectorState;
import io.nearline.services.Event;
import io.nearline.services.ServerStatus;
import io.nearline.services.Severity;
import io.nearline.services.SurrogateState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LightTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  @Test
  void aShareThatCannotBeReachedIsRedSinceTheFirstWarningOfTheRun() {
    List<Event> newestFirst = List.of(
        new Event("db1", Instant.parse("2026-12-02T10:45:00Z"), Severity.WARN, "retrying"),
        new Event("db1", Instant.parse("2026-12-02T10:42:10Z"), Severity.ERROR, "lost"),
        new Event("db1", Instant.parse("2026-12-02T09:00:00Z"), Severity.INFO, "collecting"),
        new Event("db1", Instant.parse("2026-12-02T08:00:00Z"), Severity.WARN, "older"));
    Light light = Light.collection(status(CollectorState.RETRYING,
        "NT_STATUS_LOGON_FAILURE"), newestFirst);
    assertEquals(new Light(Light.RED,
        "share unreachable since 10:42 UTC: NT_STATUS_LOGON_FAILURE"), light);
  }

  @Test
  void collectingIsGreenWithItsLagAndPausedIsAmber() {
    assertEquals(new Light(Light.GREEN, "collecting; lag 1.5 s"),
        Light.collection(status(CollectorState.COLLECTING, null), List.of()));
    assertEquals(Light.AMBER, Light.collection(status(CollectorState.PAUSED, null), List.of())
        .color());
  }

  @Test
  void drillsOlderThanThePolicyAllowsTurnThePairAmber() {
    assertEquals(new Light(Light.AMBER, "no passing drill of p for 9 days (limit 7)"),
        Light.drills("p", NOW.minus(Duration.ofDays(9)), 7, NOW));
    assertEquals(new Light(Light.AMBER, "policy p has never passed a drill (limit 7 days)"),
        Light.drills("p", null, 7, NOW));
    assertEquals(new Light(Light.GREEN, "ready: p last passed a drill 2 days ago"),
        Light.drills("p", NOW.minus(Duration.ofDays(2)), 7, NOW));
  }

  @Test
  void theWorstLightWins() {
    Light amber = new Light(Light.AMBER, "a");
    Light red = new Light(Light.RED, "r");
    assertEquals(red, Light.worst(amber, red));
    assertEquals(amber, Light.worst(amber, new Light(Light.GREEN, "g")));
    assertEquals(amber, Light.worst(amber, null));
  }

  @Test
  void aReplayingSurrogateIsGreen() {
    ServerStatus s = status(CollectorState.COLLECTING, null);
    assertEquals(Light.GREEN, Light.replay(s).color());
  }

  private static ServerStatus status(CollectorState state, String error) {
    return new ServerStatus("db1", "postgresql", state, "smb://h/s/", "7", null, null, 0, 0, 0,
        1.5, List.of(), List.of(), 0, error, SurrogateState.REPLAYING, null, null, 0.4, null,
        null, null, null, null);
  }
}
