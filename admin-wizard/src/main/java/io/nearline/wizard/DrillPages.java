package io.nearline.wizard;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.services.DrillRecord;
import io.nearline.services.DrillSchedule;
import io.nearline.services.Drills.ReportFormat;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.web.Access;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Routes;
import java.util.List;
import java.util.Map;

/**
 * Drills: run now or on a schedule, history, each policy's RTO trend, and every report in HTML
 * and PDF.
 */
final class DrillPages {
  private final View view;
  private final Nearline services;

  DrillPages(View view, Nearline services) {
    this.view = view;
    this.services = services;
  }

  void register(Routes routes) {
    routes.page("/drills", Access.VIEWER, ctx -> show(ctx, Map.of(), Map.of()))
        .form("/drills", Access.OPERATOR, ctx -> {
          RunRecord run = services.drills().run(ctx.formParam("policy"),
              target(ctx.formParam("target")), "on demand by "
                  + Caller.of(ctx).name() + " (console)", false);
          ctx.redirect("/runs/" + run.id(), HttpStatus.SEE_OTHER);
        })
        .form("/drills/schedule", Access.OPERATOR, ctx -> {
          String policy = Forms.param(ctx, "policy");
          try {
            services.drills().schedule(policy, new DrillSchedule(policy,
                Forms.param(ctx, "cron"), blankToNull(Forms.param(ctx, "zone")),
                Forms.param(ctx, "target"), null, null, null));
          } catch (NearlineException e) {
            ctx.status(e.status());
            show(ctx, Forms.errors(e, field -> field), ctx.formParamMap());
            return;
          }
          ctx.redirect("/drills", HttpStatus.SEE_OTHER);
        })
        .form("/drills/unschedule", Access.OPERATOR, ctx -> {
          services.drills().unschedule(Forms.param(ctx, "policy"));
          ctx.redirect("/drills", HttpStatus.SEE_OTHER);
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

  private void show(Context ctx, Map<String, String> errors, Map<String, List<String>> sent) {
    List<String> policies = services.recovery().policies().stream().map(RecoveryPolicy::name)
        .toList();
    Map<String, String> form = new java.util.HashMap<>();
    sent.forEach((k, v) -> form.put(k, v.isEmpty() ? "" : v.get(0)));
    view.render(ctx, "drills", "Drills", Map.of("schedules", services.drills().schedules(),
        "drills", services.drills().list(null, 50), "policies", policies,
        "charts", policies.stream().map(p -> TrendChart.of(services.drills().trend(p, 20)))
            .toList(), "errors", errors, "form", form));
  }

  private static DrillTarget target(String text) {
    try {
      return DrillTarget.of(text);
    } catch (IllegalArgumentException e) {
      throw new NearlineException(400, e.getMessage());
    }
  }

  private static String blankToNull(String text) {
    return text.isEmpty() ? null : text;
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
