package io.nearline.drills.api;

import io.javalin.http.Context;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.services.AlertSettings;
import io.nearline.services.DrillRecord;
import io.nearline.services.DrillSchedule;
import io.nearline.services.DrillTrend;
import io.nearline.services.Drills;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.web.Caller;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;

/** Drills over the REST API: start, list, show, reports, and the report chain's check. */
public final class DrillRoutes implements WebModule {

  @Override
  public void register(Routes routes, Nearline services) {
    Drills drills = services.drills();
    // Fixed paths first: /api/drills/{drill} would take "schedules" for a drill.
    routes.get("/api/drills/schedules", RouteDoc.viewer("Every drill schedule, with when it runs "
            + "next").answersListOf(DrillSchedule.class), ctx -> ctx.json(drills.schedules()))
        .get("/api/drills/alerts", RouteDoc.admin("Where alerts about drills go")
            .answers(AlertSettings.class), ctx -> ctx.json(drills.alertSettings()))
        .post("/api/drills/alerts", RouteDoc.admin("Set where alerts about drills go: a "
            + "webhook, mail").takes(AlertSettings.class).answers(AlertSettings.class)
            .audits(ctx -> drills.alertSettings()), ctx -> ctx.json(
                drills.saveAlertSettings(Routes.body(ctx, AlertSettings.class))));
    routes.post("/api/policies/{policy}/drills", RouteDoc.operator("Start a drill of the policy "
            + "(202; follow it at /api/runs/{id}), or plan one (200)").answers(RunRecord.class)
            .status(202).query("target", "sandbox (the default) or standby")
            .query("dryRun", "true: plan the drill and change nothing"), ctx -> {
              boolean dry = "true".equals(ctx.queryParam("dryRun"));
              ctx.status(dry ? 200 : 202).json(drills.run(ctx.pathParam("policy"), target(ctx),
                  "on demand by " + who(ctx), dry));
            })
        .get("/api/drills", RouteDoc.viewer("Drills, newest first: running ones, then ended "
            + "ones with their figures").answersListOf(DrillRecord.class)
            .query("policy", "only this policy's").query("limit", "at most this many (50)"),
            ctx -> ctx.json(drills.list(ctx.queryParam("policy"), ctx.queryParam("limit") == null
                ? 50 : limit(ctx, "limit"))))
        .get("/api/drills/{drill}", RouteDoc.viewer("A drill and, once ended, how it was "
            + "judged").answers(DrillRecord.class), ctx -> ctx.json(drills.show(id(ctx))))
        .get("/api/drills/{drill}/report", RouteDoc.viewer("An ended drill's report: json (as "
            + "kept), html or pdf").contentType("application/json, text/html or application/pdf")
            .query("format", "json (the default), html or pdf"), ctx -> {
              Drills.ReportFormat format = Drills.ReportFormat.of(ctx.queryParam("format"));
              ctx.contentType(format.contentType()).result(drills.report(id(ctx), format));
            })
        .get("/api/policies/{policy}/drills/trend", RouteDoc.viewer("The policy's last drills "
            + "and the failover RTO they predict").answers(DrillTrend.class)
            .query("last", "how many drills (20)"), ctx -> ctx.json(drills.trend(
                ctx.pathParam("policy"), ctx.queryParam("last") == null ? 20 : limit(ctx, "last"))))
        .get("/api/policies/{policy}/drills/verify", RouteDoc.viewer("Check every drill report of"
            + " the policy against the chain of their SHA-256s").answers(Drills.ChainCheck.class),
            ctx -> ctx.json(drills.verify(ctx.pathParam("policy"))))
        .post("/api/policies/{policy}/drills/schedule", RouteDoc.operator("Drill the policy on a "
            + "schedule (replacing its schedule, if any)").takes(DrillSchedule.class)
            .answers(DrillSchedule.class).audits(ctx -> scheduleOf(drills, ctx)),
            ctx -> ctx.json(drills.schedule(ctx.pathParam("policy"),
                Routes.body(ctx, DrillSchedule.class))))
        .delete("/api/policies/{policy}/drills/schedule", RouteDoc.operator("Stop drilling the "
            + "policy on a schedule").status(204).audits(ctx -> scheduleOf(drills, ctx)),
            ctx -> {
              drills.unschedule(ctx.pathParam("policy"));
              ctx.status(204);
            });
  }

  /** The policy's schedule, for the audit log; null if none. */
  private static DrillSchedule scheduleOf(Drills drills, Context ctx) {
    return drills.schedules().stream().filter(s -> s.policy().equals(ctx.pathParam("policy")))
        .findFirst().orElse(null);
  }

  private static String who(Context ctx) {
    Caller caller = Caller.of(ctx);
    return caller == null ? "an unknown caller" : caller.name();
  }

  private static DrillTarget target(Context ctx) {
    String target = ctx.queryParam("target");
    try {
      return target == null ? DrillTarget.SANDBOX : DrillTarget.of(target);
    } catch (IllegalArgumentException e) {
      throw new NearlineException(400, e.getMessage());
    }
  }

  /** A count the query gives as {@code name}, kept between 1 and 1000. */
  private static int limit(Context ctx, String name) {
    String value = ctx.queryParam(name);
    try {
      return Math.max(1, Math.min(1000, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      throw new NearlineException(400, name + " is a number, not " + value);
    }
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("drill"));
    } catch (NumberFormatException e) {
      throw new NearlineException(404, "no drill " + ctx.pathParam("drill"));
    }
  }
}
