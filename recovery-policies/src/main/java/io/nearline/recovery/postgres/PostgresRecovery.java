package io.nearline.recovery.postgres;

import io.nearline.recovery.CheckReport;
import io.nearline.recovery.InvalidPolicyException;
import io.nearline.recovery.PointKind;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.migration.MigrationPlan;
import io.nearline.recovery.spi.RecoveryConnector;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.steps.EngineSteps;
import io.nearline.shadow.postgres.Lsn;
import io.nearline.shadow.postgres.PostgresConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's recovery: redirected restores of the surrogate (or a stored baseline) to a
 * standby reached locally or over SSH, promotion, client checks, the instant option, and
 * failback by pg_rewind and a lossless hand-over.
 */
public final class PostgresRecovery implements RecoveryConnector {
  /** The usual failover, in order. */
  private static final List<StepKind> FAILOVER = List.of(PostgresSteps.RESTORE_DATA,
      PostgresSteps.PROMOTE, StepKind.REBIND_DIRECTORY, StepKind.REHOME_CLIENTS,
      StepKind.RESTART_SERVICES, PostgresSteps.VERIFY, StepKind.CLEAN_UP);
  /** A sandbox drill: the reference is read while the sandbox is still the surrogate's copy. */
  private static final List<StepKind> SANDBOX_DRILL = List.of(PostgresSteps.SANDBOX_SERVE,
      StepKind.PROBE_REFERENCE, PostgresSteps.DRILL_PROMOTE, StepKind.PROBE,
      StepKind.DRILL_CLEAN_UP);
  /**
   * A standby drill: the sandbox holds the point; the standby gets a copy of it and is promoted
   * there; the reference is read from the sandbox, which stays read-only, once the service is up.
   */
  private static final List<StepKind> STANDBY_DRILL = List.of(PostgresSteps.SANDBOX_SERVE,
      PostgresSteps.STANDBY_RESTORE, PostgresSteps.DRILL_PROMOTE, StepKind.PROBE_REFERENCE,
      StepKind.PROBE, StepKind.DRILL_CLEAN_UP);
  /** A migration cutover: the last two move and verify the clients. */
  private static final List<StepKind> MIGRATION = List.of(PostgresSteps.MIGRATE_TARGET,
      PostgresSteps.MIGRATE_SCHEMA, PostgresSteps.MIGRATE_COPY, PostgresSteps.MIGRATE_VERIFY,
      PostgresSteps.STOP_WRITES, PostgresSteps.MIGRATE_CATCH_UP, PostgresSteps.ARM_ROLLBACK,
      StepKind.REHOME_CLIENTS, PostgresSteps.VERIFY);
  /**
   * A migration rehearsal: the sandbox, promoted, stands in for the primary; the probes run
   * against the new version once it holds every change.
   */
  private static final List<StepKind> REHEARSAL = List.of(PostgresSteps.SANDBOX_SERVE,
      StepKind.PROBE_REFERENCE, PostgresSteps.DRILL_PROMOTE, PostgresSteps.MIGRATE_TARGET,
      PostgresSteps.MIGRATE_SCHEMA, PostgresSteps.MIGRATE_COPY, PostgresSteps.MIGRATE_VERIFY,
      PostgresSteps.STOP_WRITES, PostgresSteps.MIGRATE_CATCH_UP, PostgresSteps.ARM_ROLLBACK,
      StepKind.PROBE, StepKind.DRILL_CLEAN_UP);
  /** Every failback runs all of these, in this order. */
  private static final List<StepKind> FAILBACK = List.of(PostgresSteps.RESTORE_PRIMARY,
      PostgresSteps.SWITCH_OVER, StepKind.REVERSE_DIRECTORY, StepKind.RESTART_SERVICES,
      PostgresSteps.VERIFY, StepKind.RESUME_PROTECTION);

  @Override
  public String kind() {
    return PostgresConnector.KIND;
  }

  @Override
  public List<RecoveryStep> steps(RecoveryEnvironment environment) {
    List<RecoveryStep> steps = new ArrayList<>(List.of(new InstantServe(environment),
        new RestoreData(environment), new Promote(environment), new Verify(environment),
        new RestorePrimary(environment), new SwitchOver(environment),
        new SandboxServe(environment), new StandbyRestore(environment),
        new DrillPromote(environment), new DrillCleanUp(environment),
        new MigrateTarget(environment), new MigrateSchema(environment),
        new MigrateCopy(environment), new MigrateVerify(environment),
        new StopWrites(environment),
        new MigrateCatchUp(environment), new ArmRollback(environment)));
    steps.addAll(EngineSteps.all(environment, this::clientEndpoint));
    return steps;
  }

  @Override
  public List<StepKind> defaultFailover() {
    return FAILOVER;
  }

  @Override
  public List<StepKind> stepsOf(RunKind kind, RecoveryPolicy policy) {
    if (kind == RunKind.FAILBACK) {
      return FAILBACK;
    }
    if (!policy.instant()) {
      return policy.steps();
    }
    List<StepKind> steps = new ArrayList<>(List.of(PostgresSteps.INSTANT_SERVE));
    steps.addAll(policy.steps());
    return steps;
  }

  @Override
  public List<StepKind> drillSteps(DrillTarget target) {
    return target == DrillTarget.STANDBY ? STANDBY_DRILL : SANDBOX_DRILL;
  }

  @Override
  public List<StepKind> migrationSteps(boolean rehearsal) {
    return rehearsal ? REHEARSAL : MIGRATION;
  }

  @Override
  public CheckReport checkMigration(MigrationPlan plan, RecoveryEnvironment environment) {
    return new MigrationCheck(environment).check(plan);
  }

  @Override
  public void retireMigration(MigrationPlan plan, RecoveryEnvironment environment)
      throws Exception {
    ArmRollback.retire(plan, environment);
  }

  @Override
  public void checkPolicy(RecoveryPolicy policy) {
    String at = "policy " + policy.name() + ": ";
    for (StepKind step : policy.steps()) {
      if (FAILBACK.contains(step) && !FAILOVER.contains(step)) {
        throw new InvalidPolicyException(at + step + " is a failback step; a failback runs it "
            + "by itself");
      }
      if (step.equals(PostgresSteps.INSTANT_SERVE)) {
        throw new InvalidPolicyException(at + "instant-serve is not listed; set \"instant\": "
            + "true and it runs first");
      }
      if (!FAILOVER.contains(step)) {
        throw new InvalidPolicyException(at + "PostgreSQL has no step " + step + "; its "
            + "failover steps are " + FAILOVER);
      }
    }
    int restore = policy.steps().indexOf(PostgresSteps.RESTORE_DATA);
    int promote = policy.steps().indexOf(PostgresSteps.PROMOTE);
    if (restore >= 0 && promote >= 0 && promote < restore) {
      throw new InvalidPolicyException(at + "promote must come after restore-data");
    }
    if (policy.point().kind() == PointKind.POSITION) {
      try {
        Lsn.parse(policy.point().value());
      } catch (IllegalArgumentException e) {
        throw new InvalidPolicyException(at + "recovery point lsn must look like 0/3000060, "
            + "not " + policy.point().value());
      }
    }
    if (policy.instant()) {
      checkInstant(policy, at);
    }
  }

  /** Instant serves the surrogate's latest point and hands clients over through the directory. */
  private static void checkInstant(RecoveryPolicy policy, String at) {
    if (!policy.point().isLatest()) {
      throw new InvalidPolicyException(at + "instant serves the latest point; a policy "
          + "recovering to " + policy.point() + " cannot use it");
    }
    if (policy.directory() == null || policy.directory().services().isEmpty()) {
      throw new InvalidPolicyException(at + "instant needs service entries to send clients to "
          + "the instant copy (directory.services)");
    }
    if (!policy.steps().containsAll(List.of(PostgresSteps.RESTORE_DATA, PostgresSteps.PROMOTE,
        StepKind.REHOME_CLIENTS))) {
      throw new InvalidPolicyException(at + "instant needs restore-data, promote and "
          + "rehome-clients to hand clients over to the standby");
    }
  }

  @Override
  public Standby checkSettings(Standby standby) {
    return standby.withSettings(PostgresStandbySettings.of(standby).asMap());
  }

  @Override
  public CheckReport checkStandby(RecoveryPair pair, RecoveryEnvironment environment) {
    return new StandbyCheck(environment).check(pair);
  }

  @Override
  public Map<String, String> clientEndpoint(Standby server) {
    return PgServer.of(server).clientEndpoint();
  }
}
