package io.nearline.drills.migration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
import io.nearline.recovery.migration.MigrationProtection;
import io.nearline.recovery.run.RecoveryExecutor;
import io.nearline.recovery.spi.RunPlan;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.services.Drills;
import io.nearline.services.MigrationState;
import io.nearline.services.MigrationView;
import io.nearline.services.Migrations;
import io.nearline.services.NearlineException;
import io.nearline.services.ProtectRequest;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
public final class MigrationService implements Migrations, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationService.class);
  /** How often closed rollback windows are looked for. */
  private static final Duration SWEEP = Duration.ofMinutes(1);
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "migration-windows");
        t.setDaemon(true);
        return t;
      });
  private final Protection protection;
  private final Recovery recovery;
  private final MigrationPlans plans;
  private final ReportFiles reports;
  private final HtmlReport html = new HtmlReport();
  private final Clock clock;
  private final MeterRegistry registry;
  private final Map<String, AtomicReference<Double>> downtimes = new ConcurrentHashMap<>();

  /** @param dataDir the server's: rehearsal reports are kept under {@code migrations/} */
  public MigrationService(Protection protection, Recovery recovery, Jdbi jdbi, Path dataDir,
      Clock clock, MeterRegistry registry) {
    this.registry = registry;
    this.protection = protection;
    this.recovery = recovery;
    this.plans = new MigrationPlans(jdbi);
    this.reports = new ReportFiles(dataDir.resolve("migrations"), "rehearsal-");
    this.clock = clock;
    recovery.onRunEnded(this::ended);
    recovery.addRollbackCheck(this::checkRollback);
  }

  /**
   * Refuses the rollback of a cutover whose old server is retired, however it is asked for
   * (here, or as a run): the undo would move clients back before it found the way back gone.
   */
  private void checkRollback(RunRecord run) {
    if (run.kind() != RunKind.MIGRATION || RecoveryExecutor.plan(run).isDrill()) {
      return;
    }
    String server = journaled(run).server();
    plans.find(server).filter(r -> Long.valueOf(run.id()).equals(r.cutoverRun()))
        .ifPresent(row -> {
          MigrationView view = view(row);
          if (view.state() == MigrationState.RETIRED || view.rollbackUntil() != null
              && clock.instant().isAfter(view.rollbackUntil())) {
            throw new NearlineException(409, "the old server of " + server + " was retired "
                + "at " + (view.retiredAt() == null ? view.rollbackUntil() : view.retiredAt())
                + ": the new version's writes are no longer kept there, so a rollback would "
                + "lose them. Fail over to a copy of the new version instead");
          }
        });
  }

  /** Retires, once a minute, the old servers whose rollback window has closed. */
  public void start() {
    sweeper.scheduleWithFixedDelay(this::retireClosedWindows, SWEEP.toSeconds(),
        SWEEP.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }

  /** Each minute: new versions not yet protected are, and closed windows retire old servers. */
  private void retireClosedWindows() {
    for (MigrationPlans.Row row : plans.all()) {
      String server = row.plan().server();
      MigrationView view;
      try {
        view = view(row);
      } catch (RuntimeException e) {
        LOG.warn("cannot read {}'s migration: {}", server, e.getMessage());
        continue;
      }
      if (view.state() == MigrationState.MIGRATED || view.state() == MigrationState.RETIRED) {
        try {
          RunRecord cutover = recovery.run(view.cutoverRun());
          protectNewVersion(journaled(cutover), cutover);
        } catch (RuntimeException e) {
          LOG.warn("could not protect the new version of {}; trying again in a minute: {}",
              server, e.getMessage());
        }
      }
      if (view.state() == MigrationState.MIGRATED
          && clock.instant().isAfter(view.rollbackUntil())) {
        try {
          LOG.warn("the rollback window of {} closed at {}: retiring the old server", server,
              view.rollbackUntil());
          retire(server);
        } catch (RuntimeException e) {
          LOG.warn("could not retire the old side of {}'s migration; trying again in a "
              + "minute: {}", server, e.getMessage());
        }
      }
    }
  }

  /** The plan as the run journaled it: what it did, even if the plan was edited since. */
  private static MigrationPlan journaled(RunRecord run) {
    return RecoveryExecutor.plan(run).migration();
  }

  /** Whether a rollback of the cutover is under way: some steps undone, the run not ended so. */
  private static boolean rollingBack(RunRecord run) {
    return run.state() != RunState.ROLLED_BACK
        && run.steps().stream().anyMatch(s -> s.state() == StepState.UNDONE);
  }

  /**
   * Protects the new version as the plan says, unless it is already: like any primary, under
   * its own name, reading its own archive share.
   */
  private void protectNewVersion(MigrationPlan plan, RunRecord cutover) {
    MigrationProtection p = plan.protectAs();
    if (p == null || protectedAs(plan) != null) {
      return;
    }
    String password;
    try {
      password = Files.readAllLines(Path.of(p.passwordFile())).stream().findFirst()
          .orElse("");
    } catch (IOException e) {
      throw new NearlineException(400, "cannot read the SMB password of " + p.name() + " from "
          + p.passwordFile() + ": " + e.getMessage());
    }
    String kind = RecoveryExecutor.plan(cutover).applications().get(plan.pair().name());
    protection.protect(new ProtectRequest(p.name(), kind, p.share(), p.user(), password,
        p.primary(), p.surrogate()));
    LOG.info("the new version of {} is protected as {}", plan.server(), p.name());
  }

  /**
   * After a rollback the new version no longer runs; its protection goes. Nothing is lost: the
   * writes made on it were carried back to the old server, whose log has them.
   */
  private void unprotectNewVersion(MigrationPlan plan) {
    String name = protectedAs(plan);
    if (name != null) {
      protection.remove(name);
      LOG.info("{} is no longer protected: the rollback of {}'s migration stopped it, and "
          + "carried its writes back to {}, whose log has them", name, plan.server(),
          plan.server());
    }
  }

  /** The new version's name in Nearline once it is protected; else null. */
  private String protectedAs(MigrationPlan plan) {
    if (plan.protectAs() == null) {
      return null;
    }
    try {
      return protection.status(plan.protectAs().name()).name();
    } catch (NearlineException notYet) {
      return null;
    }
  }

  @Override
  public synchronized MigrationView retire(String server) {
    MigrationPlans.Row row = row(server);
    MigrationView view = view(row);
    if (view.state() == MigrationState.RETIRED) {
      return view;
    }
    if (view.state() != MigrationState.MIGRATED) {
      throw new NearlineException(409, server + " has no finished cutover to retire the old "
          + "server of (it is " + view.state().id() + ")");
    }
    RunRecord cutover = recovery.run(view.cutoverRun());
    if (rollingBack(cutover)) {
      throw new NearlineException(409, server + "'s cutover is being rolled back: the old "
          + "server stays until that has ended");
    }
    MigrationPlan plan = journaled(cutover);
    recovery.retireMigration(plan);
    plans.retired(server, clock.instant());
    LOG.info("the old server of {} is retired: it no longer follows {}, and a rollback would "
        + "lose the writes made there", server, plan.target().name());
    return show(server);
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
    Optional<MigrationPlans.Row> saved = plans.find(plan.server());
    MigrationState state = saved.map(r -> view(r).state()).orElse(MigrationState.PLANNED);
    if (state != MigrationState.PLANNED && state != MigrationState.ROLLED_BACK) {
      throw new NearlineException(409, plan.server() + "'s migration is " + state.id()
          + ": its plan stays as it is until the cutover is rolled back");
    }
    if (plan.protectAs() != null && protectedAs(plan) != null) {
      throw new NearlineException(409, "protectAs.name " + plan.protectAs().name() + " is a "
          + "protected server already; the new version needs a name of its own",
          Map.of("protectAs.name", "is taken"), null);
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
    MigrationState state = view(row).state();
    if (state != MigrationState.PLANNED && state != MigrationState.ROLLED_BACK) {
      // Its target holds the new version now, or will: a rehearsal would build over it.
      throw new NearlineException(409, server + "'s migration is " + state.id() + ": a "
          + "rehearsal uses the target, so it runs only before a cutover or after a rollback");
    }
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

  /**
   * A cutover ended: the new version is protected, if the plan says how. A rehearsal ended: its
   * report is judged as a drill's is, with the cutover's figures.
   */
  private void ended(RunRecord run) {
    if (run.kind() != RunKind.MIGRATION || run.state() == RunState.FAILED) {
      return; // a failed rehearsal's clean-up waits for the operator; it is reported after
    }
    RunPlan plan = RecoveryExecutor.plan(run);
    if (!plan.isDrill()) {
      if (run.state() == RunState.ROLLED_BACK) {
        unprotectNewVersion(plan.migration());
      } else if (run.state() == RunState.SUCCEEDED) {
        measured(plan.migration().server(), "cutover", figures(run).get("writeDowntimeSeconds"));
        try {
          protectNewVersion(plan.migration(), run);
        } catch (RuntimeException e) {
          LOG.error("{} is migrated, but its new version could not be protected (tried again "
              + "each minute): {}", plan.migration().server(), e.getMessage());
        }
      }
      return;
    }
    try {
      DrillReport report = Judge.report(run, null).as(DrillReport.REHEARSAL,
          rehearsalFigures(run));
      ReportFiles.Written written = reports.write(report);
      plans.rehearsalReported(plan.migration().server(), run.id(), written.file().toString(),
          written.sha256());
      measured(plan.migration().server(), "rehearsal", report.measured().get(
          "expectedWriteDowntimeSeconds"));
      LOG.atInfo().addKeyValue("run", run.id()).addKeyValue("server",
          plan.migration().server()).addKeyValue("outcome", report.outcome())
          .addKeyValue("expectedWriteDowntimeSeconds", report.measured().get(
              "expectedWriteDowntimeSeconds")).log("migration rehearsal ended");
    } catch (Exception e) {
      LOG.error("rehearsal {} ended but its report could not be kept: {}", run.id(),
          e.toString(), e);
    }
  }

  /** The write downtime a cutover measured, or a rehearsal expects, as a metric. */
  private void measured(String server, String run, String seconds) {
    if (seconds == null) {
      return;
    }
    downtimes.computeIfAbsent(server + "|" + run, key -> {
      AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
      Gauge.builder("nearline.migration.write.downtime", value, AtomicReference::get)
          .baseUnit("seconds").description("The write downtime of the server's last cutover, "
              + "or the one its last rehearsal expects").tag("server", server).tag("run", run)
          .register(registry);
      return value;
    }).set(Double.parseDouble(seconds));
  }

  @Override
  public synchronized RunRecord cutover(String server, boolean dryRun) {
    MigrationPlans.Row row = row(server);
    MigrationView view = view(row);
    if (view.state() != MigrationState.PLANNED && view.state() != MigrationState.ROLLED_BACK) {
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
    if (view.state() != MigrationState.MIGRATED && view.state() != MigrationState.FAILED
        && view.state() != MigrationState.RETIRED) {
      throw new NearlineException(409, server + " has no cutover to roll back (it is "
          + view.state().id() + ")");
    }
    // A retired one is refused by checkRollback, with the reason.
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
      return new MigrationView(row.plan(), MigrationState.PLANNED, null, null, null, null,
          Map.of(), row.rehearsalRun(), outcome, rehearsal, null);
    }
    RunRecord run = recovery.run(row.cutoverRun());
    MigrationState state = switch (run.state()) {
      case RUNNING -> MigrationState.CUTTING_OVER;
      case SUCCEEDED -> row.retiredAt() != null ? MigrationState.RETIRED
          : MigrationState.MIGRATED;
      case ROLLED_BACK -> MigrationState.ROLLED_BACK;
      default -> MigrationState.FAILED;
    };
    Instant migratedAt = run.state() == RunState.SUCCEEDED ? run.finishedAt() : null;
    return new MigrationView(row.plan(), state, run.id(), migratedAt,
        migratedAt == null ? null : migratedAt.plus(row.plan().rollbackWindow()),
        row.retiredAt(), figures(run), row.rehearsalRun(), outcome, rehearsal,
        protectedAs(row.plan()));
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
    for (String name : List.of("path", "targetVersion", "copySeconds", "copiedBytes",
        "vacuumAnalyzeSeconds", "catchUpSeconds", "catchUpBytesPerSecond", "preVerifySeconds",
        "caughtUpAgainSeconds", "tablesVerified", "rowsVerified", "finalCatchUpSeconds",
        "verifySeconds", "sequencesCarried", "writesStoppedAt", "clientsConnectedAt", "via")) {
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
