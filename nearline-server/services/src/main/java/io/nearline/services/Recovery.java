package io.nearline.services;

import io.nearline.recovery.CheckReport;
import io.nearline.recovery.PolicyFile;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.journal.RunRecord;
import java.util.List;
import java.util.function.Consumer;

/**
 * Recovery pairs and policies, their checks, and runs: failover and failback, planned or real.
 * Runs execute in the background; a caller follows one with {@link #run}.
 */
public interface Recovery {

  List<RecoveryPair> pairs();

  /**
   * Checks the standby and saves the pair only if the check passes.
   *
   * @throws NearlineException 400 for a field at fault, 422 with the report if the check fails
   */
  CheckReport addPair(RecoveryPair pair);

  /**
   * Checks a pair's standby without saving anything: the report, passed or not.
   *
   * @throws NearlineException 400 for a field at fault
   */
  CheckReport checkStandby(RecoveryPair pair);

  /** Runs the standby check of a saved pair again. */
  CheckReport checkPair(String name);

  List<RecoveryPolicy> policies();

  /**
   * Checks what the policy names (the application's steps, the directory, DNS) and saves it if
   * the check passes; a policy that names no steps gets its application's usual failover.
   */
  CheckReport savePolicy(RecoveryPolicy policy);

  /** Every pair and policy, as a policy file. */
  PolicyFile export();

  /** Saves a policy file's pairs (each checked), then its policies. */
  ImportReport importFile(String json);

  /**
   * Starts a run of {@code policy}, or plans one when {@code dryRun}: a failover, or a failback
   * that reverses the policy's last finished failover.
   */
  RunRecord start(String policy, RunKind kind, boolean dryRun);

  /**
   * Starts a drill of {@code policy} in the background, or plans one when {@code dryRun}: the
   * service brought up in isolation on {@code target}, probed, and cleaned up. Refused (409)
   * while another drill or a failover uses the same servers.
   *
   * @param trigger who or what started it, for the report: {@code on demand by alice}
   */
  default RunRecord startDrill(String policy, DrillTarget target, String trigger,
      boolean dryRun) {
    return startDrill(policy, target, trigger, dryRun, null);
  }

  /**
   * The same, at {@code point} rather than the policy's own (null for the policy's): a drill of
   * a point chosen on the time dial, say.
   */
  RunRecord startDrill(String policy, DrillTarget target, String trigger, boolean dryRun,
      io.nearline.recovery.RecoveryPoint point);

  /**
   * Adds a check every policy must pass before it is saved (the drills' probes, say); it throws
   * a {@link NearlineException} to refuse one.
   */
  void addPolicyCheck(Consumer<RecoveryPolicy> check);

  /**
   * Adds a check every rollback must pass before anything is undone (the migrations' window,
   * say); it throws a {@link NearlineException} to refuse one.
   */
  void addRollbackCheck(Consumer<RunRecord> check);

  /** Calls {@code listener} with each run that ends (succeeds, fails, stops, is rolled back). */
  void onRunEnded(Consumer<RunRecord> listener);

  /** A run and its journal. */
  RunRecord run(long id);

  /** The latest runs, newest first, without their steps. */
  List<RunRecord> runs();

  /** Retries, skips (with a reason) or rolls back a stopped run, in the background. */
  RunRecord act(long id, RunAction action, String reason);

  /** The pre-flight check of a migration plan; changes nothing. */
  CheckReport checkMigration(io.nearline.recovery.migration.MigrationPlan plan);

  /**
   * Starts a migration cutover of {@code plan} (or with {@code dryRun} plans one). Refused
   * (409) while another run uses its servers.
   */
  RunRecord startMigration(io.nearline.recovery.migration.MigrationPlan plan, boolean dryRun);

  /** Retires the old server of a finished migration (the way back taken down). */
  void retireMigration(io.nearline.recovery.migration.MigrationPlan plan);

  /**
   * Starts a rehearsal of {@code plan}'s cutover from a sandbox clone of the surrogate: no write
   * reaches the primary, nobody is re-homed, the new cluster is deleted at the end. It runs as
   * a drill does (a failover pre-empts it). Refused (409) while another run uses its servers.
   */
  RunRecord startRehearsal(io.nearline.recovery.migration.MigrationPlan plan, String trigger,
      boolean dryRun);
}
