package io.nearline.drills.migration;

import io.nearline.common.json.Json;
import io.nearline.recovery.migration.MigrationPlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Migration plans in the catalog, with the newest cutover and rehearsal of each. */
final class MigrationPlans {
  /**
   * @param rehearsalReport the newest rehearsal's report file once it has ended, else null
   */
  record Row(MigrationPlan plan, Long cutoverRun, Long rehearsalRun, String rehearsalReport,
      String rehearsalSha256, Instant retiredAt) {}

  private static final String COLUMNS = "plan_json, cutover_run, rehearsal_run, "
      + "rehearsal_report, rehearsal_sha256, retired_at";
  private final Jdbi jdbi;

  MigrationPlans(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Saves the plan; a replaced plan keeps its runs. */
  void save(MigrationPlan plan) {
    jdbi.useTransaction(h -> {
      int updated = h.createUpdate("UPDATE migration_plan SET plan_json = :json WHERE server = "
          + ":server").bind("json", Json.write(plan)).bind("server", plan.server()).execute();
      if (updated == 0) {
        h.createUpdate("INSERT INTO migration_plan (server, plan_json) VALUES (:server, :json)")
            .bind("json", Json.write(plan)).bind("server", plan.server()).execute();
      }
    });
  }

  void cutoverStarted(String server, long run) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE migration_plan SET cutover_run = :run, "
        + "retired_at = NULL WHERE server = :server").bind("run", run).bind("server", server)
        .execute());
  }

  void retired(String server, Instant at) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE migration_plan SET retired_at = :at WHERE "
        + "server = :server").bind("at", at.toEpochMilli()).bind("server", server).execute());
  }

  void rehearsalStarted(String server, long run) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE migration_plan SET rehearsal_run = :run, "
        + "rehearsal_report = NULL, rehearsal_sha256 = NULL WHERE server = :server")
        .bind("run", run).bind("server", server).execute());
  }

  /** The rehearsal's report is kept; ignored if a newer rehearsal has started since. */
  void rehearsalReported(String server, long run, String file, String sha256) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE migration_plan SET rehearsal_report = :file, "
        + "rehearsal_sha256 = :sha WHERE server = :server AND rehearsal_run = :run")
        .bind("file", file).bind("sha", sha256).bind("server", server).bind("run", run)
        .execute());
  }

  Optional<Row> find(String server) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM migration_plan "
        + "WHERE server = :server").bind("server", server).map(MigrationPlans::row)
        .findFirst());
  }

  List<Row> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM migration_plan "
        + "ORDER BY server").map(MigrationPlans::row).list());
  }

  private static Row row(java.sql.ResultSet r, StatementContext ctx) throws java.sql.SQLException {
    return new Row(Json.read(r.getString(1), MigrationPlan.class), (Long) r.getObject(2),
        (Long) r.getObject(3), r.getString(4), r.getString(5), r.getObject(6) == null ? null
        : Instant.ofEpochMilli(r.getLong(6)));
  }
}
