package io.nearline.recovery.spi;

import io.nearline.recovery.CheckReport;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.migration.MigrationPlan;
import java.util.List;
import java.util.Map;

/**
 * One application's recovery: the steps it runs, how it checks a standby, and the settings a
 * standby of it takes. Registered in {@code META-INF/services/io.nearline.recovery.spi
 * .RecoveryConnector} under the same kind as the application's shadow connector; the executor
 * and the server look it up by kind and never name it. One instance serves every pair of its
 * kind; it must be thread-safe.
 */
public interface RecoveryConnector {

  /** The application kind, as its shadow connector names it: {@code postgresql}. */
  String kind();

  /**
   * Every step this application can run, the engine's own ({@link
   * io.nearline.recovery.steps.EngineSteps}) among them if it uses them. Called once, when the
   * server starts.
   */
  List<RecoveryStep> steps(RecoveryEnvironment environment);

  /** The failover steps of a policy that names none, in order. */
  List<StepKind> defaultFailover();

  /** The steps, in order, a run of {@code kind} executes for each pair of {@code policy}. */
  List<StepKind> stepsOf(RunKind kind, RecoveryPolicy policy);

  /**
   * The steps, in order, a drill to {@code target} executes for each pair: they bring the
   * service up in isolation, re-home nobody, and end with {@link StepKind#DRILL_CLEAN_UP}, which
   * the executor also runs after a failed step. The engine's {@link StepKind#PROBE_REFERENCE}
   * and {@link StepKind#PROBE} go where this application can serve them: the reference while
   * the surrogate at the drill's point is readable, reported as {@link
   * io.nearline.recovery.drill.DrillServer#REFERENCE}, the probes once the service is up,
   * reported as {@link io.nearline.recovery.drill.DrillServer#UNDER_TEST}.
   *
   * @throws UnsupportedOperationException with a reason, for a target it cannot drill to
   */
  default List<StepKind> drillSteps(DrillTarget target) {
    throw new UnsupportedOperationException(kind() + " cannot be drilled yet");
  }

  /**
   * The steps, in order, a migration cutover executes: the new version's server built and
   * filled, kept in step with the primary, writes stopped on the primary, the last changes
   * verified, the way back armed, clients re-homed ({@link StepKind#REHOME_CLIENTS}) and
   * verified. A rollback of the run (the executor's) undoes them in reverse and must lose no
   * write made on the new version.
   *
   * <p>A {@code rehearsal} does the same from a sandbox clone of the surrogate instead of the
   * primary, as a drill does: the probes and a comparison of every table verify the new version,
   * nobody is re-homed, and it ends with {@link StepKind#DRILL_CLEAN_UP}, which also removes
   * the new version's cluster.
   *
   * @throws UnsupportedOperationException with a reason, if this application cannot migrate
   */
  default List<StepKind> migrationSteps(boolean rehearsal) {
    throw new UnsupportedOperationException(kind() + " cannot be migrated yet");
  }

  /**
   * The pre-flight check of a migration, changing nothing: one item per thing that decides
   * whether the cutover can work, each red one saying what to do about it.
   */
  default CheckReport checkMigration(MigrationPlan plan, RecoveryEnvironment environment) {
    throw new UnsupportedOperationException(kind() + " cannot be migrated yet");
  }

  /**
   * Retires the old server of a finished migration: the replication that kept it in step with
   * the new version for a rollback is taken down, on both sides. Harmless when done.
   */
  default void retireMigration(MigrationPlan plan, RecoveryEnvironment environment)
      throws Exception {
    throw new UnsupportedOperationException(kind() + " cannot be migrated yet");
  }

  /**
   * Refuses, with a message naming the policy and the step or option, a policy this application
   * cannot run: a step it does not have, steps in an order that cannot work, an option it
   * does not support.
   */
  void checkPolicy(RecoveryPolicy policy);

  /**
   * The standby's application settings, checked: unknown settings are named, as are wrong
   * values. Returns the standby with its settings in their canonical form.
   */
  Standby checkSettings(Standby standby);

  /** Whether the standby can take a redirected restore now: one line per item, with reasons. */
  CheckReport checkStandby(RecoveryPair pair, RecoveryEnvironment environment);

  /** What a service entry must say to send clients to {@code server} (libpq: host and port). */
  Map<String, String> clientEndpoint(Standby server);
}
