package io.nearline.drills.migration;

import io.nearline.recovery.CheckReport;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.migration.MigrationPlan;
import io.nearline.services.Drills;
import io.nearline.services.MigrationView;
import io.nearline.services.Migrations;
import io.nearline.services.Nearline;
import io.nearline.services.web.Caller;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;

/** Migrations over the REST API: plan, check, cutover, rollback, show. */
public final class MigrationRoutes implements WebModule {

  @Override
  public void register(Routes routes, Nearline services) {
    Migrations migrations = services.migrations();
    if (migrations == null) {
      return;
    }
    routes.get("/api/migrations", RouteDoc.viewer("Every migration plan")
            .answersListOf(MigrationPlan.class), ctx -> ctx.json(migrations.plans()))
        .post("/api/servers/{server}/migration", RouteDoc.admin("Save the server's migration "
            + "plan: the new version's server, the policy whose re-homing moves clients, the "
            + "rollback window").takes(MigrationPlan.class).answers(MigrationPlan.class)
            .audits(ctx -> ctx.pathParam("server")), ctx -> {
              MigrationPlan plan = Routes.body(ctx, MigrationPlan.class);
              if (!plan.server().equals(ctx.pathParam("server"))) {
                throw new io.nearline.services.NearlineException(400, "the plan is for "
                    + plan.server() + ", not " + ctx.pathParam("server"));
              }
              ctx.json(migrations.savePlan(plan));
            })
        .get("/api/servers/{server}/migration", RouteDoc.viewer("The server's migration: its "
            + "plan, state, cutover run, rollback window and measured figures")
            .answers(MigrationView.class),
            ctx -> ctx.json(migrations.show(ctx.pathParam("server"))))
        .post("/api/servers/{server}/migration/check", RouteDoc.operator("The migration's "
            + "pre-flight check; changes nothing").answers(CheckReport.class),
            ctx -> ctx.json(migrations.check(ctx.pathParam("server"))))
        .post("/api/servers/{server}/migration/rehearse", RouteDoc.operator("Rehearse the "
            + "cutover from a sandbox clone of the surrogate (202; follow it at "
            + "/api/runs/{id}), or plan it (200): no write reaches the primary, nobody is "
            + "re-homed").answers(RunRecord.class).status(202)
            .query("dryRun", "true: plan the rehearsal and change nothing"), ctx -> {
              boolean dry = "true".equals(ctx.queryParam("dryRun"));
              Caller caller = Caller.of(ctx);
              ctx.status(dry ? 200 : 202).json(migrations.rehearse(ctx.pathParam("server"),
                  "on demand by " + (caller == null ? "an unknown caller" : caller.name()),
                  dry));
            })
        .get("/api/servers/{server}/migration/rehearsal/report", RouteDoc.viewer("The newest "
            + "rehearsal's report, in a drill report's form: json (as kept), html or pdf")
            .contentType("application/json, text/html or application/pdf")
            .query("format", "json (the default), html or pdf"), ctx -> {
              Drills.ReportFormat format = Drills.ReportFormat.of(ctx.queryParam("format"));
              ctx.contentType(format.contentType()).result(migrations.rehearsalReport(
                  ctx.pathParam("server"), format));
            })
        .post("/api/servers/{server}/migration/cutover", RouteDoc.operator("Cut the server "
            + "over to the new version (202; follow it at /api/runs/{id}), or plan it (200); "
            + "refused (409) unless the pre-flight check passes").answers(RunRecord.class)
            .status(202).query("dryRun", "true: plan the cutover and change nothing"), ctx -> {
              boolean dry = "true".equals(ctx.queryParam("dryRun"));
              ctx.status(dry ? 200 : 202).json(migrations.cutover(ctx.pathParam("server"),
                  dry));
            })
        .post("/api/servers/{server}/migration/retire", RouteDoc.operator("Retire the old "
            + "server now, before the rollback window closes by itself: the replication back "
            + "to it is taken down, and rollbacks are refused").answers(MigrationView.class),
            ctx -> ctx.json(migrations.retire(ctx.pathParam("server"))))
        .post("/api/servers/{server}/migration/rollback", RouteDoc.operator("Move clients "
            + "back to the old server, losing no write made on the new one (202); refused "
            + "once the rollback window has closed").answers(RunRecord.class).status(202),
            ctx -> ctx.status(202).json(migrations.rollback(ctx.pathParam("server"))));
  }
}
