package io.nearline.server.api;

import io.javalin.http.Context;
import io.nearline.server.pit.RestorabilityVerifier;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.pit.HoldRequest;
import io.nearline.services.pit.LegalHold;
import io.nearline.services.pit.PointCheck;
import io.nearline.services.pit.Retention;
import io.nearline.services.pit.RetentionPlan;
import io.nearline.services.pit.RetentionPolicy;
import io.nearline.services.web.Caller;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;

/** Retention policies, their plans and runs, and legal holds. */
public final class RetentionRoutes implements WebModule {
  private final RestorabilityVerifier verifier;

  public RetentionRoutes(RestorabilityVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public void register(Routes routes, Nearline services) {
    Retention retention = services.retention();
    routes.get("/api/servers/{name}/retention", RouteDoc.viewer("A server's retention policy")
            .answers(RetentionPolicy.class),
            ctx -> ctx.json(retention.policy(ctx.pathParam("name"))))
        .post("/api/servers/{name}/retention", RouteDoc.admin("Set a server's retention policy")
            .takes(RetentionPolicy.class).answers(RetentionPolicy.class),
            ctx -> ctx.json(retention.setPolicy(ctx.pathParam("name"),
                Routes.body(ctx, RetentionPolicy.class))))
        .get("/api/servers/{name}/retention/plan", RouteDoc.viewer("What retention would keep "
            + "(each point, why, and the log it needs) and remove now; changes nothing")
            .answers(RetentionPlan.class), ctx -> ctx.json(retention.plan(ctx.pathParam("name"))))
        .post("/api/servers/{name}/retention/run", RouteDoc.admin("Run retention for the server "
            + "now").answers(RetentionPlan.class),
            ctx -> ctx.json(retention.apply(ctx.pathParam("name"))))
        .get("/api/servers/{name}/restorability", RouteDoc.viewer("The verifier's last check of "
            + "every kept point (checkedAt null before the first)").answers(PointCheck.class),
            ctx -> ctx.json(verifier.last(ctx.pathParam("name")).orElseGet(() ->
                PointCheck.notYet(ctx.pathParam("name")))))
        .post("/api/servers/{name}/restorability/check", RouteDoc.operator("Check every kept "
            + "point now: baseline and log present, checksums, no gaps (reads them all)")
            .answers(PointCheck.class), ctx -> ctx.json(verifier.check(ctx.pathParam("name"))))
        .get("/api/holds", RouteDoc.viewer("Legal holds, those in force first")
            .answersListOf(LegalHold.class).query("server", "only this server's"),
            ctx -> ctx.json(retention.holds(ctx.queryParam("server"))))
        .post("/api/servers/{name}/holds", RouteDoc.admin("Put a point under legal hold: kept "
            + "whatever retention says until lifted").takes(HoldRequest.class)
            .answers(LegalHold.class).status(201), ctx -> ctx.status(201).json(retention.hold(
                ctx.pathParam("name"), Routes.body(ctx, HoldRequest.class), caller(ctx))))
        .post("/api/holds/{id}/lift", RouteDoc.admin("Lift a legal hold")
            .answers(LegalHold.class), ctx -> ctx.json(retention.lift(id(ctx), caller(ctx))));
  }

  static String caller(Context ctx) {
    Caller c = Caller.of(ctx);
    return c == null ? "unknown" : c.name();
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new NearlineException(404, "no legal hold " + ctx.pathParam("id"));
    }
  }
}
