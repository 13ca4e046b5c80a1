package io.nearline.services;

import io.nearline.recovery.CheckReport;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.migration.MigrationPlan;
import java.util.List;

/**
 * Version migrations: a plan per protected server, its pre-flight check, the cutover (a
 * journaled run, followed with {@link Recovery#run}) and its rollback within the window.
 */
public interface Migrations {

  /**
   * Saves (or replaces) the server's plan, checked field by field.
   *
   * @throws NearlineException 404 for an unknown server or policy, 400 for a bad field
   */
  MigrationPlan savePlan(MigrationPlan plan);

  List<MigrationPlan> plans();

  /** @throws NearlineException 404 when the server has no plan */
  MigrationPlan plan(String server);

  /** The pre-flight check of the server's plan; changes nothing. */
  CheckReport check(String server);

  /**
   * Starts a rehearsal of the cutover (202; follow the run) from a sandbox clone of the
   * surrogate, or with {@code dryRun} plans it: no write reaches the primary, nobody is
   * re-homed. Refused (409) unless the pre-flight check passes.
   *
   * @param trigger who started it, for the report
   */
  RunRecord rehearse(String server, String trigger, boolean dryRun);

  /**
   * The newest rehearsal's report, in a drill report's form: as kept (json), or rendered (html,
   * pdf).
   *
   * @throws NearlineException 404 before a rehearsal has ended
   */
  byte[] rehearsalReport(String server, Drills.ReportFormat format);

  /**
   * Starts the cutover (202; follow the run), or with {@code dryRun} plans it. Refused (409,
   * with the failed items) unless the pre-flight check passes, and unless the server is
   * planned or its last cutover was rolled back.
   */
  RunRecord cutover(String server, boolean dryRun);

  /**
   * Moves clients back to the old server and loses no write made on the new one: a rollback of
   * the cutover run. Refused (409) once the rollback window has closed.
   */
  RunRecord rollback(String server);

  /**
   * Retires the old server of a migrated one now, before its rollback window closes by itself:
   * the replication back to it is taken down, and rollbacks are refused from then on.
   */
  MigrationView retire(String server);

  /** The plan, its cutover and rollback runs, the window, and the measured figures. */
  MigrationView show(String server);
}
