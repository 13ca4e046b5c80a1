package io.nearline.recovery.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nearline.recovery.RunKind;
import io.nearline.recovery.TestCatalog;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path dir;

  @Test
  void shouldLeaveNoRunBehindWhenOneOfItsStepsCannotBeJournaled() {
    Journal journal = new Journal(TestCatalog.open(dir));
    String tooLong = "x".repeat(200);
    assertThrows(JdbiException.class, () -> journal.createRun("p", RunKind.FAILOVER, RunState.RUNNING,
        "{}", List.of(new Journal.PlannedStep("pair", "promote"),
            new Journal.PlannedStep("pair", tooLong))));
    assertEquals(List.of(), journal.runs(10), "the run and its first step were rolled back");

    long id = journal.createRun("p", RunKind.FAILOVER, RunState.RUNNING, "{}",
        List.of(new Journal.PlannedStep("pair", "promote")));
    assertEquals(1, journal.run(id).orElseThrow().steps().size());
  }
}
