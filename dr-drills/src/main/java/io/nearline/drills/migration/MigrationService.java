package io.nearline.drills.migration;

import io.nearline.common.json.Json;
import io.nearline.drills.report.DrillReport;
import io.nearline.drills.report.HtmlReport;
import io.nearline.drills.report.Judge;
import io.nearline.drills.report.PdfReport;
import io.nearline.drills.report.ReportFiles;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.journal.StepRecord;
import io.nearline.recovery.journal.StepState;
import io.nearline.recovery.migration.MigrationPlan;
import io.nearline.recovery.run.RecoveryExecutor;
import io.nearline.recovery.spi.RunPlan;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.services.Drills;
import io.nearline.services.MigrationState;
import io.nearline.services.MigrationView;
import io.nearline.services.Migrations;
import io.nearline.services.NearlineException;
import io.nearline.services.Protection;
import io.nearline.services.Recovery;
import io.nearline.services.RunAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrations: plans kept in the catalog; the cutover is a run of the recovery service (dry run,
 * retry, skip, rollback, resumed after a crash), refused unless the pre-flight check passes; a
 * rollback is that run's rollback, refused once the window has closed. A rehearsal is a run of
 * the same steps from a sandbox, run as a drill; when it ends its report is kept in a drill
 * report's form.
 */
public final class MigrationService implements Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationService.class);
  private final Protection protection;
  private final Recovery recovery;
  private final MigrationPlans plans;
  private final ReportFiles reports;
  private final HtmlReport html = new HtmlReport();
  private final Clock clock;

  /** @param dataDir the server's: rehearsal reports are kept under {@code migrations/} */
  public MigrationService(Protection protection, Recovery recovery, Jdbi jdbi, Path dataDir,
      Clock clock) {
    this.protection = protection;
    this.recovery = recovery;
    this.plans = new MigrationPlans(jdbi);
    this.reports = new ReportFiles(dataDir.resolve("migrations"), "rehearsal-");
    this.clock = clock;
    recovery.onRunEnded(this::ended);
  }

  @Override
  public MigrationPlan savePlan(MigrationPlan plan) {
    protection.status(plan.server());
    if (recovery.policies().stream().map(RecoveryPolicy::name).noneMatch(plan.policy()::equals)) {
      throw new NearlineException(404, "no recovery policy " + plan.policy() + ": the plan "
          + "names the policy whose re-homing moves " + plan.server() + "'s clients");
    }
    if (plan.rollbackWindow().isNegative()) {
      throw new NearlineException(400, "rollbackWindow cannot be negative",
          Map.of("rollbackWindow", "cannot be negative"), null);
    }
    plans.save(plan);
    LOG.info("migration plan of {} saved: to {}", plan.server(), plan.target().name());
    return plan;
  }

  @Override
  public List<MigrationPlan> plans() {
    return plans.all().stream().map(MigrationPlans.Row::plan).toList();
  }

  @Override
  public MigrationPlan plan(String server) {
    return row(server).plan();
  }

  private MigrationPlans.Row row(String server) {
    return plans.find(server).orElseThrow(() -> new NearlineException(404, server
        + " has no migration plan: make one with nearline migration plan"));
  }

  @Override
  public CheckReport check(String server) {
    return recovery.checkMigration(plan(server));
  }

  @Override
  public synchronized RunRecord rehearse(String server, String trigger, boolean dryRun) {
    MigrationPlans.Row row = row(server);
    if (!dryRun) {
      requirePassedCheck(row.plan(), "rehearsal");
    }
    RunRecord run = recovery.startRehearsal(row.plan(), trigger, dryRun);
    if (!dryRun) {
      plans.rehearsalStarted(server, run.id());
      LOG.info("migration rehearsal of {} to {} started: run {}", server,
          row.plan().target().name(), run.id());
    }
    return run;
  }

  private void requirePassedCheck(MigrationPlan plan, String what) {
    CheckReport check = recovery.checkMigration(plan);
    if (!check.passed()) {
      throw new NearlineException(409, "the pre-flight check of " + plan.server() + " failed;"
          + " the " + what + " does not start:\n" + check.text());
    }
  }

  @Override
  public byte[] rehearsalReport(String server, Drills.ReportFormat format) {
    MigrationPlans.Row row = row(server);
    if (row.rehearsalReport() == null) {
      throw new NearlineException(404, server + " has no rehearsal report: "
          + (row.rehearsalRun() == null ? "rehearse it with nearline migration rehearse"
          : "rehearsal run " + row.rehearsalRun() + " has not ended"));
    }
    byte[] json;
    try {
      json = Files.readAllBytes(Path.of(row.rehearsalReport()));
    } catch (IOException e) {
      throw new NearlineException(500, "the rehearsal report " + row.rehearsalReport()
          + " cannot be read: " + e.getMessage());
    }
    if (format == Drills.ReportFormat.JSON) {
      return json;
    }
    byte[] page = html.render(Json.read(new String(json, StandardCharsets.UTF_8),
        DrillReport.class), ReportFiles.sha256(json));
    return format == Drills.ReportFormat.HTML ? page : PdfReport.of(page);
  }

  /** A rehearsal ended: its report is judged as a drill's is, with the cutover's figures. */
  private void ended(RunRecord run) {
    if (run.kind() != RunKind.MIGRATION || run.state() == RunState.FAILED) {
      return; // a failed rehearsal's clean-up waits for the operator; it is reported after
    }
    RunPlan plan = RecoveryExecutor.plan(run);
    if (!plan.isDrill()) {
      return;
    }
    try {
      DrillReport report = Judge.report(run, null).as(DrillReport.REHEARSAL,
          rehearsalFigures(run));
      ReportFiles.Written written = reports.write(report);
      plans.rehearsalReported(plan.migration().server(), run.id(), written.file().toString(),
          written.sha256());
      LOG.atInfo().addKeyValue("run", run.id()).addKeyValue("server",
          plan.migration().server()).addKeyValue("outcome", report.outcome())
          .addKeyValue("expectedWriteDowntimeSeconds", report.measured().get(
              "expectedWriteDowntimeSeconds")).log("migration rehearsal ended");
    } catch (Exception e) {
      LOG.error("rehearsal {} ended but its report could not be kept: {}", run.id(),
          e.toString(), e);
    }
  }

  @Override
  public synchronized RunRecord cutover(String server, boolean dryRun) {
    MigrationPlans.Row row = row(server);
    MigrationView view = view(row);
    if (view.state() == MigrationState.CUTTING_OVER || view.state() == MigrationState.FAILED
        || view.state() == MigrationState.MIGRATED) {
      throw new NearlineException(409, server + "'s cutover (run " + view.cutoverRun() + ") is "
          + view.state().id() + (view.state() == MigrationState.MIGRATED ? "; roll it back "
          + "before cutting over again" : view.state() == MigrationState.FAILED
          ? ": retry, skip or roll it back" : ""));
    }
    if (!dryRun) {
      requirePassedCheck(row.plan(), "cutover");
    }
    RunRecord run = recovery.startMigration(row.plan(), dryRun);
    if (!dryRun) {
      plans.cutoverStarted(server, run.id());
      LOG.info("migration cutover of {} to {} started: run {}", server,
          row.plan().target().name(), run.id());
    }
    return run;
  }

  @Override
  public synchronized RunRecord rollback(String server) {
    MigrationView view = view(row(server));
    if (view.state() != MigrationState.MIGRATED && view.state() != MigrationState.FAILED) {
      throw new NearlineException(409, server + " has no cutover to roll back (it is "
          + view.state().id() + ")");
    }
    if (view.rollbackUntil() != null && clock.instant().isAfter(view.rollbackUntil())) {
      throw new NearlineException(409, "the rollback window of " + server + " closed at "
          + view.rollbackUntil() + ": the new version's writes are no longer kept on the old "
          + "server, so a rollback would lose them. Protect the new version and fail over to "
          + "a copy of it instead");
    }
    LOG.info("rolling back the migration of {} (run {})", server, view.cutoverRun());
    return recovery.act(view.cutoverRun(), RunAction.ROLLBACK, null);
  }

  @Override
  public MigrationView show(String server) {
    return view(row(server));
  }

  private MigrationView view(MigrationPlans.Row row) {
    String outcome = null;
    Map<String, String> rehearsal = Map.of();
    if (row.rehearsalRun() != null) {
      RunRecord r = recovery.run(row.rehearsalRun());
      if (row.rehearsalReport() == null) {
        // Judged a moment after it ends; a failed clean-up waits for the operator.
        outcome = r.state() == RunState.FAILED ? "waiting for its clean-up (retry or skip it)"
            : DrillReport.Outcome.RUNNING;
      } else {
        outcome = Judge.report(r, null).outcome();
      }
      rehearsal = rehearsalFigures(r);
    }
    if (row.cutoverRun() == null) {
      return new MigrationView(row.plan(), MigrationState.PLANNED, null, null, null, Map.of(),
          row.rehearsalRun(), outcome, rehearsal);
    }
    RunRecord run = recovery.run(row.cutoverRun());
    MigrationState state = switch (run.state()) {
      case RUNNING -> MigrationState.CUTTING_OVER;
      case SUCCEEDED -> MigrationState.MIGRATED;
      case ROLLED_BACK -> MigrationState.ROLLED_BACK;
      default -> MigrationState.FAILED;
    };
    Instant migratedAt = state == MigrationState.MIGRATED ? run.finishedAt() : null;
    return new MigrationView(row.plan(), state, run.id(), migratedAt,
        migratedAt == null ? null : migratedAt.plus(row.plan().rollbackWindow()), figures(run),
        row.rehearsalRun(), outcome, rehearsal);
  }

  /**
   * What a rehearsal measured, and the write downtime it predicts for the cutover: from the
   * moment writes stop until the way back is armed, as it took on the clone. Re-homing clients
   * (a directory and DNS update) comes on top; it is not rehearsed, since it moves clients.
   */
  static Map<String, String> rehearsalFigures(RunRecord run) {
    Map<String, String> figures = figures(run);
    figures.keySet().removeAll(List.of("clientsConnectedAt", "via", "writesStoppedAt",
        "cutoverSeconds"));
    Instant stopped = null;
    Instant armed = null;
    for (StepRecord s : run.steps()) {
      if (s.step().equals("stop-writes")) {
        stopped = s.startedAt();
      } else if (s.step().equals("arm-rollback") && s.state() == StepState.FINISHED) {
        armed = s.finishedAt();
      }
    }
    if (stopped != null && armed != null) {
      figures.put("expectedWriteDowntimeSeconds", String.format(Locale.ROOT, "%.2f",
          Duration.between(stopped, armed).toMillis() / 1000.0));
    }
    return figures;
  }

  /** What the run's steps measured, and the write downtime they add up to. */
  static Map<String, String> figures(RunRecord run) {
    Map<String, String> facts = new LinkedHashMap<>();
    for (StepRecord s : run.steps()) {
      if (s.outcome() != null) {
        facts.putAll(Json.read(s.outcome(), StepOutcome.class).facts());
      }
    }
    Map<String, String> figures = new LinkedHashMap<>();
    for (String name : List.of("targetVersion", "copySeconds", "copiedBytes", "vacuumAnalyzeSeconds", "catchUpSeconds",
        "catchUpBytesPerSecond", "finalCatchUpSeconds", "verifySeconds", "tablesVerified",
        "rowsVerified", "sequencesCarried", "writesStoppedAt", "clientsConnectedAt", "via")) {
      if (facts.containsKey(name)) {
        figures.put(name, facts.get(name));
      }
    }
    if (facts.containsKey("writesStoppedAt") && facts.containsKey("clientsConnectedAt")) {
      Duration down = Duration.between(Instant.parse(facts.get("writesStoppedAt")),
          Instant.parse(facts.get("clientsConnectedAt")));
      figures.put("writeDowntimeSeconds", String.format(Locale.ROOT, "%.2f",
          down.toMillis() / 1000.0));
    }
    if (run.finishedAt() != null && run.state() == RunState.SUCCEEDED) {
      figures.put("cutoverSeconds", String.format(Locale.ROOT, "%.1f",
          Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0));
    }
    return figures;
  }
}
