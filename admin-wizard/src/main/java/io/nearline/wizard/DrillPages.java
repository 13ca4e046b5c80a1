package io.nearline.wizard;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.services.DrillRecord;
import io.nearline.services.Drills.ReportFormat;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.web.Access;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Routes;
import java.util.Map;

/** Drills: schedules, history, each policy's RTO trend, and every report in HTML and PDF. */
final class DrillPages {
  private final View view;
  private final Nearline services;

  DrillPages(View view, Nearline services) {
    this.view = view;
    this.services = services;
  }

  void register(Routes routes) {
    routes.page("/drills", Access.VIEWER, ctx -> view.render(ctx, "drills", "Drills", Map.of(
            "schedules", services.drills().schedules(),
            "drills", services.drills().list(null, 50),
            "charts", services.recovery().policies().stream().map(RecoveryPolicy::name)
                .map(p -> TrendChart.of(services.drills().trend(p, 20))).toList(),
            "policies", services.recovery().policies().stream().map(RecoveryPolicy::name)
                .toList())))
        .form("/drills", Access.OPERATOR, ctx -> {
          RunRecord run = services.drills().run(ctx.formParam("policy"),
              DrillTarget.of(ctx.formParam("target")), "on demand by "
                  + Caller.of(ctx).name() + " (console)", false);
          ctx.redirect("/runs/" + run.id(), HttpStatus.SEE_OTHER);
        })
        .page("/drills/{drill}", Access.VIEWER, ctx -> {
          DrillRecord d = services.drills().show(id(ctx));
          view.render(ctx, "drill", "Drill " + d.id() + " of " + d.policy(), Map.of("d", d,
              "ended", !"running".equals(d.outcome())));
        })
        .page("/drills/{drill}/report.html", Access.VIEWER, ctx -> report(ctx,
            ReportFormat.HTML))
        .page("/drills/{drill}/report.pdf", Access.VIEWER, ctx -> report(ctx, ReportFormat.PDF))
        .page("/drills/{drill}/report.json", Access.VIEWER, ctx -> report(ctx,
            ReportFormat.JSON));
  }

  private void report(Context ctx, ReportFormat format) {
    ctx.contentType(format.contentType()).result(services.drills().report(id(ctx), format));
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("drill"));
    } catch (NumberFormatException e) {
      throw new NearlineException(404, "no drill " + ctx.pathParam("drill"));
    }
  }
}
