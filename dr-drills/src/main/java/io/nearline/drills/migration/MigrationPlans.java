package io.nearline.drills.migration;

import io.nearline.common.json.Json;
import io.nearline.recovery.migration.MigrationPlan;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Migration plans in the catalog, with the newest cutover run of each. */
final class MigrationPlans {
  record Row(MigrationPlan plan, Long cutoverRun) {}

  private final Jdbi jdbi;

  MigrationPlans(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Saves the plan; a replaced plan keeps its cutover run. */
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
    jdbi.useHandle(h -> h.createUpdate("UPDATE migration_plan SET cutover_run = :run WHERE "
        + "server = :server").bind("run", run).bind("server", server).execute());
  }

  Optional<Row> find(String server) {
    return jdbi.withHandle(h -> h.createQuery("SELECT plan_json, cutover_run FROM "
        + "migration_plan WHERE server = :server").bind("server", server)
        .map((r, ctx) -> row(r.getString(1), (Long) r.getObject(2))).findFirst());
  }

  List<Row> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT plan_json, cutover_run FROM "
        + "migration_plan ORDER BY server").map((r, ctx) -> row(r.getString(1),
        (Long) r.getObject(2))).list());
  }

  private static Row row(String json, Long run) {
    return new Row(Json.read(json, MigrationPlan.class), run);
  }
}
