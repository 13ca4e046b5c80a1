package io.nearline.recovery.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recovery.AccessKind;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.TestCatalog;
import io.nearline.recovery.drill.DrillSpec;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.journal.Journal;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.journal.StepState;
import io.nearline.recovery.spi.RunPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryExecutorTest {
  @TempDir
  Path dir;
  Journal journal;
  FileStep restore;
  FileStep rehome;
  FileStep verify;
  RunPlan plan;

  @BeforeEach
  void setUp() {
    journal = new Journal(TestCatalog.open(dir));
    restore = new FileStep(StepKind.of("restore-data"), dir);
    rehome = new FileStep(StepKind.REHOME_CLIENTS, dir);
    verify = new FileStep(StepKind.of("verify"), dir);
    List<RecoveryPair> pairs = List.of(pair("orders"), pair("billing"));
    plan = new RunPlan(RunKind.FAILOVER, new RecoveryPolicy("shop", List.of("orders",
        "billing"), RecoveryPoint.LATEST, List.of(restore.kind(), rehome.kind(),
        verify.kind()), null, null, List.of(), false, null, null, null), pairs, null,
        Map.of("orders", FileRecovery.KIND, "billing", FileRecovery.KIND));
  }

  private static RecoveryPair pair(String name) {
    return new RecoveryPair(name, name + "-db", new Standby(name + "-dr", AccessKind.LOCAL,
        null, 22, null, null, "nearline", "dr", false, "http://127.0.0.1:7480", Map.of()), null);
  }

  private RecoveryExecutor executor() {
    // The plan says which application each pair is: the server is not asked.
    return new RecoveryExecutor(journal, server -> {
      throw new AssertionError("asked for the application of " + server);
    }, Map.of(new FileRecovery(), List.of(restore, rehome, verify)));
  }

  @Test
  void shouldRunEveryStepForEachPairInPriorityOrderAndJournalWhatChanged() throws Exception {
    RecoveryExecutor executor = executor();
    RunRecord run = executor.execute(executor.create(plan));

    assertEquals(RunState.SUCCEEDED, run.state());
    assertEquals(List.of("orders/restore-data", "orders/rehome-clients", "orders/verify",
        "billing/restore-data", "billing/rehome-clients", "billing/verify"),
        run.steps().stream().map(s -> s.pair() + "/" + s.step()).toList());
    assertTrue(run.steps().stream().allMatch(s -> s.state() == StepState.FINISHED));
    assertEquals(restore.file("billing").toString(),
        run.steps().get(3).changes().get(0).target());
    assertTrue(run.steps().get(0).inputs().contains("\"pair\" : \"orders\""));
  }

  @Test
  void shouldAskTheServerWhichApplicationAPairIsWhenThePlanDoesNotSay() throws Exception {
    // Plans journaled before plans named their applications.
    RunPlan older = new RunPlan(plan.kind(), plan.policy(), plan.pairs(), null, null);
    List<String> asked = new ArrayList<>();
    RecoveryExecutor executor = new RecoveryExecutor(journal, server -> {
      asked.add(server);
      return FileRecovery.KIND;
    }, Map.of(new FileRecovery(), List.of(restore, rehome, verify)));

    assertEquals(RunState.SUCCEEDED, executor.execute(executor.create(older)).state());
    assertTrue(asked.containsAll(List.of("orders-db", "billing-db")), asked.toString());
  }

  @Test
  void shouldChangeNothingOnADryRunAndSayWhatWouldChange() throws Exception {
    RunRecord run = executor().dryRun(plan);

    assertEquals(RunState.PLANNED, run.state());
    assertEquals(6, run.steps().stream().mapToInt(s -> s.changes().size()).sum());
    assertTrue(run.steps().stream().allMatch(s -> s.state() == StepState.PLANNED));
    assertFalse(Files.exists(restore.file("orders")));
    assertEquals(0, restore.executions + rehome.executions + verify.executions);
  }

  @Test
  void shouldStopAtAFailedStepAndFinishWhenRetried() throws Exception {
    Files.writeString(rehome.broken(), "");
    RecoveryExecutor executor = executor();
    long id = executor.create(plan);

    RunRecord failed = executor.execute(id);
    assertEquals(RunState.FAILED, failed.state());
    assertEquals("rehome-clients for pair orders failed: rehome-clients is broken",
        failed.steps().get(1).error());
    assertEquals(StepState.PENDING, failed.steps().get(2).state(), "nothing ran after it");

    Files.delete(rehome.broken());
    RunRecord retried = executor.retry(id);
    assertEquals(RunState.SUCCEEDED, retried.state());
    assertEquals(2, retried.steps().get(1).attempts());
    assertEquals(2, restore.executions, "once per pair: the retry did not repeat it");
    assertEquals(3, rehome.executions, "orders failed, orders retried, then billing");
  }

  @Test
  void shouldJournalTheReasonWhenAFailedStepIsSkipped() throws Exception {
    Files.writeString(verify.broken(), "");
    RecoveryExecutor executor = executor();
    long id = executor.create(plan);
    executor.execute(id);
    assertThrows(IllegalArgumentException.class, () -> executor.skip(id, " "));
    Files.delete(verify.broken());

    RunRecord run = executor.skip(id, "verified by hand with psql");

    assertEquals(RunState.SUCCEEDED, run.state());
    assertEquals(StepState.SKIPPED, run.steps().get(2).state());
    assertEquals("verified by hand with psql", run.steps().get(2).skipReason());
  }

  @Test
  void shouldReverseEveryChangeNewestFirstOnRollback() throws Exception {
    Files.writeString(verify.broken(), "");
    RecoveryExecutor executor = executor();
    long id = executor.create(plan);
    executor.execute(id);
    assertTrue(Files.exists(restore.file("orders")));

    RunRecord run = executor.rollback(id);

    assertEquals(RunState.ROLLED_BACK, run.state());
    assertFalse(Files.exists(restore.file("orders")));
    assertFalse(Files.exists(rehome.file("orders")));
    assertEquals(List.of(StepState.UNDONE, StepState.UNDONE, StepState.UNDONE,
        StepState.PENDING, StepState.PENDING, StepState.PENDING),
        run.steps().stream().map(s -> s.state()).toList());
  }

  @Test
  void shouldResumeAnInterruptedRunWithoutRepeatingFinishedWork() throws Exception {
    RecoveryExecutor before = executor();
    long id = before.create(plan);
    // As if the server died while orders/rehome-clients was running, after it wrote its file.
    journal.started(id, 0, "{}");
    journal.finished(id, 0, StepState.FINISHED, null);
    Files.writeString(restore.file("orders"), "done");
    journal.started(id, 1, "{}");
    Files.writeString(rehome.file("orders"), "done");

    RecoveryExecutor after = executor();
    assertEquals(List.of(id), after.interrupted());
    RunRecord run = after.execute(id);

    assertEquals(RunState.SUCCEEDED, run.state());
    assertEquals(0, run.steps().get(0).attempts() - 1, "the finished step did not run again");
    assertEquals(2, run.steps().get(1).attempts());
    assertTrue(run.steps().get(1).changes().isEmpty(), "the repeat found the work done");
  }

  @Test
  void shouldCleanUpADrillAfterAFailedStepAndEndItStopped() throws Exception {
    FileStep cleanUp = new FileStep(StepKind.DRILL_CLEAN_UP, dir);
    RecoveryExecutor executor = drillExecutor(cleanUp);
    Files.writeString(restore.broken(), "");

    RunRecord run = executor.execute(executor.create(drill()));

    assertEquals(RunState.STOPPED, run.state());
    assertEquals(List.of(StepState.FAILED, StepState.SKIPPED, StepState.FINISHED),
        run.steps().stream().map(s -> s.state()).toList());
    assertTrue(run.steps().get(1).skipReason().startsWith("not reached: restore-data for "
        + "pair orders failed"), run.steps().get(1).skipReason());
    assertTrue(run.report().contains("restore-data is broken"), run.report());
    IllegalStateException retry = assertThrows(IllegalStateException.class,
        () -> executor.retry(run.id()));
    assertEquals("run " + run.id() + " is stopped, not failed", retry.getMessage());
  }

  @Test
  void shouldKeepADrillFailedUntilItsCleanUpIsDone() throws Exception {
    FileStep cleanUp = new FileStep(StepKind.DRILL_CLEAN_UP, dir);
    RecoveryExecutor executor = drillExecutor(cleanUp);
    Files.writeString(verify.broken(), "");
    Files.writeString(cleanUp.broken(), "");

    RunRecord failed = executor.execute(executor.create(drill()));
    assertEquals(RunState.FAILED, failed.state(), "a clean-up that failed needs the operator");
    Files.delete(cleanUp.broken());
    RunRecord cleaned = executor.retry(failed.id());

    assertEquals(RunState.STOPPED, cleaned.state());
    assertEquals(2, cleanUp.executions, "retry ran the clean-up, not the failed verify");
    assertEquals(1, verify.executions);
  }

  @Test
  void shouldStopARunningDrillAndCleanItUp() throws Exception {
    FileStep cleanUp = new FileStep(StepKind.DRILL_CLEAN_UP, dir);
    FileStep slow = new FileStep(StepKind.of("verify"), dir) {
      @Override
      public io.nearline.recovery.spi.StepOutcome execute(
          io.nearline.recovery.spi.StepContext context) throws Exception {
        Thread.sleep(60_000);
        return super.execute(context);
      }
    };
    RecoveryExecutor executor = new RecoveryExecutor(journal, server -> FileRecovery.KIND,
        Map.of(new FileRecovery(), List.of(restore, slow, cleanUp)));
    long id = executor.create(drill());
    Thread runner = new Thread(() -> executor.execute(id));
    runner.start();
    while (!executor.stop(id, "pre-empted by failover run 9")) {
      Thread.sleep(10);
    }
    runner.join(10_000);

    RunRecord run = executor.load(id);
    assertEquals(RunState.STOPPED, run.state());
    assertTrue(run.report().contains("pre-empted by failover run 9"), run.report());
    assertEquals(StepState.FINISHED, run.steps().get(2).state(), "cleaned up");
  }

  private RecoveryExecutor drillExecutor(FileStep cleanUp) {
    return new RecoveryExecutor(journal, server -> FileRecovery.KIND,
        Map.of(new FileRecovery(), List.of(restore, rehome, verify, cleanUp)));
  }

  private RunPlan drill() {
    return new RunPlan(RunKind.DRILL, plan.policy(), List.of(pair("orders")), null,
        Map.of("orders", FileRecovery.KIND), new DrillSpec(DrillTarget.SANDBOX, "test"));
  }
}
