package io.nearline.drills.migration;

import io.nearline.common.json.Json;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.journal.StepRecord;
import io.nearline.recovery.migration.MigrationPlan;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.services.MigrationState;
import io.nearline.services.MigrationView;
import io.nearline.services.Migrations;
import io.nearline.services.NearlineException;
import io.nearline.services.Protection;
import io.nearline.services.Recovery;
import io.nearline.services.RunAction;
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
 * rollback is that run's rollback, refused once the window has closed.
 */
public final class MigrationService implements Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationService.class);
  private final Protection protection;
  private final Recovery recovery;
  private final MigrationPlans plans;
  private final Clock clock;

  public MigrationService(Protection protection, Recovery recovery, Jdbi jdbi, Clock clock) {
    this.protection = protection;
    this.recovery = recovery;
    this.plans = new MigrationPlans(jdbi);
    this.clock = clock;
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
      CheckReport check = recovery.checkMigration(row.plan());
      if (!check.passed()) {
        throw new NearlineException(409, "the pre-flight check of " + server + " failed; the "
            + "cutover does not start:\n" + check.text());
      }
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
    if (row.cutoverRun() == null) {
      return new MigrationView(row.plan(), MigrationState.PLANNED, null, null, null, Map.of());
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
        migratedAt == null ? null : migratedAt.plus(row.plan().rollbackWindow()), figures(run));
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
    for (String name : List.of("targetVersion", "copySeconds", "copiedBytes", "catchUpSeconds",
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
