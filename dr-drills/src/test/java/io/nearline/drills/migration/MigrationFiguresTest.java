package io.nearline.drills.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.nearline.common.json.Json;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.journal.StepRecord;
import io.nearline.recovery.journal.StepState;
import io.nearline.recovery.spi.StepOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationFiguresTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  private final List<StepRecord> steps = new ArrayList<>();

  private void step(String name, double from, double to, Map<String, String> facts) {
    steps.add(new StepRecord(steps.size() + 1, "migrate-db1", name, StepState.FINISHED, 1, null,
        Json.write(new StepOutcome(name + " done", facts)), null, null, at(from), at(to),
        List.of()));
  }

  private static Instant at(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  private RunRecord run() {
    return new RunRecord(7, "db1-failover", RunKind.MIGRATION, RunState.SUCCEEDED, "{}", T0,
        at(60), null, steps);
  }

  @Test
  void shouldMeasureTheWriteDowntimeFromTheFirstRefusedWriteToTheClientsFirstWrite() {
    step("migrate-copy", 1, 40, Map.of("copySeconds", "39.0", "somethingElse", "x"));
    step("stop-writes", 40, 40.3, Map.of("writesStoppedAt", at(40.1).toString()));
    step("migrate-catch-up", 40.3, 46, Map.of("tablesVerified", "4"));
    step("arm-rollback", 46, 46.4, Map.of());
    step("verify", 46.5, 46.6, Map.of("clientsConnectedAt", at(46.55).toString()));

    Map<String, String> figures = MigrationService.figures(run());

    assertEquals("6.45", figures.get("writeDowntimeSeconds"));
    assertEquals("39.0", figures.get("copySeconds"));
    assertEquals("4", figures.get("tablesVerified"));
    assertEquals("60.0", figures.get("cutoverSeconds"));
    assertFalse(figures.containsKey("somethingElse"), "only the figures users read");
  }

  @Test
  void shouldExpectTheDowntimeARehearsalMeasuredUntilTheWayBackWasArmed() {
    step("stop-writes", 20, 20.2, Map.of("writesStoppedAt", at(20.1).toString()));
    step("migrate-catch-up", 20.2, 22.5, Map.of("verifySeconds", "2.0"));
    step("arm-rollback", 22.5, 23.25, Map.of());
    step("probe", 23.3, 24, Map.of());

    Map<String, String> figures = MigrationService.rehearsalFigures(run());

    assertEquals("3.25", figures.get("expectedWriteDowntimeSeconds"));
    assertEquals("2.0", figures.get("verifySeconds"));
    assertFalse(figures.containsKey("writesStoppedAt"));
    assertFalse(figures.containsKey("cutoverSeconds"), "a rehearsal cut nothing over");
  }
}
