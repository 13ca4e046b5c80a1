package io.nearline.drills.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.drill.DrillSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OverdueWatchTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private final Map<String, Instant> passed = new HashMap<>();
  private final Map<String, Instant> scheduled = new HashMap<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OverdueWatch watch = new OverdueWatch(() -> List.of(policy("weekly", 7),
      policy("daily", 1), policy("never-drilled", 1)),
      name -> Optional.ofNullable(passed.get(name)),
      name -> Optional.ofNullable(scheduled.get(name)), registry);

  private static RecoveryPolicy policy(String name, int maxIntervalDays) {
    return new RecoveryPolicy(name, List.of("pair"), RecoveryPoint.LATEST, List.of(), null,
        null, List.of(), false, null, null, new DrillSettings(null, maxIntervalDays, null));
  }

  @Test
  void shouldAlertOncePerDayForAPolicyPastItsIntervalWithoutAPassedDrill() {
    passed.put("weekly", T0);
    scheduled.put("daily", T0);

    assertEquals(List.of(), watch.due(T0.plus(Duration.ofDays(6))).stream()
        .filter(a -> a.policy().equals("weekly")).toList());
    List<Alert> due = watch.due(T0.plus(Duration.ofDays(8)));
    assertEquals(List.of("daily", "weekly"), due.stream().map(Alert::policy).sorted().toList(),
        "a policy never drilled and never scheduled is not watched");
    Alert weekly = due.stream().filter(a -> a.policy().equals("weekly")).findFirst().get();
    assertEquals(Alert.OVERDUE, weekly.kind());
    assertTrue(weekly.message().contains("passed no drill since 2026-12-01T00:00:00Z, more "
        + "than its maximum interval of 7 days"), weekly.message());
    assertEquals(List.of(), watch.due(T0.plus(Duration.ofDays(8)).plusSeconds(3600)),
        "not again the same day");
    assertEquals(2, watch.due(T0.plus(Duration.ofDays(9)).plusSeconds(60)).size());
    assertEquals(Duration.ofDays(9).plusSeconds(60).toSeconds(), registry
        .get("nearline.drill.since.passed").tag("policy", "weekly").gauge().value());
  }
}
