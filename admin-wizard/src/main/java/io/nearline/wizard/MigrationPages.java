package io.nearline.wizard;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.nearline.common.json.Json;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.migration.MigrationPlan;
import io.nearline.services.Drills.ReportFormat;
import io.nearline.services.MigrationState;
import io.nearline.services.MigrationView;
import io.nearline.services.Migrations;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.web.Access;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Routes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Version migrations: each server's plan, its pre-flight check, rehearsals and their reports,
 * the cutover (previewed on the run page as a plan, then confirmed), the rollback and the old
 * server's retirement, each of the last two confirmed by typing the server's name.
 */
final class MigrationPages {
  /** A server's migration: where it goes, how it stands, what its rehearsal expects. */
  public record Row(String server, String target, String path, Light light, String rehearsal,
      String downtime) {}

  /** One of the migration's runs: a rehearsal or a cutover, and how it ended. */
  public record HistoryRow(long run, String what, String state, String started,
      String finished) {}

  private final View view;
  private final Nearline services;

  MigrationPages(View view, Nearline services) {
    this.view = view;
    this.services = services;
  }

  void register(Routes routes) {
    if (services.migrations() == null) {
      return;
    }
    routes.page("/migrations", Access.VIEWER, ctx -> list(ctx, Map.of(), "", 200))
        .form("/migrations", Access.ADMIN, this::savePlan)
        .page("/migrations/{server}", Access.VIEWER, ctx -> show(ctx, null, null, 200))
        .form("/migrations/{server}/check", Access.OPERATOR, ctx -> show(ctx,
            migrations().check(server(ctx)), null, 200))
        .form("/migrations/{server}/rehearse", Access.OPERATOR, ctx -> start(ctx,
            () -> migrations().rehearse(server(ctx), "on demand by " + Caller.of(ctx).name()
                + " (console)", false), ""))
        .form("/migrations/{server}/cutover/plan", Access.OPERATOR, this::previewCutover)
        .form("/migrations/{server}/cutover", Access.OPERATOR, ctx -> start(ctx, () -> {
          samePlan(server(ctx), Forms.param(ctx, "plan"));
          return migrations().cutover(server(ctx), false);
        }, ""))
        .form("/migrations/{server}/rollback", Access.OPERATOR, ctx -> start(ctx, () -> {
          confirmed(ctx, "roll back");
          return migrations().rollback(server(ctx));
        }, ""))
        .form("/migrations/{server}/retire", Access.OPERATOR, ctx -> {
          try {
            confirmed(ctx, "retire the old server of");
            migrations().retire(server(ctx));
            ctx.redirect("/migrations/" + server(ctx), HttpStatus.SEE_OTHER);
          } catch (NearlineException e) {
            show(ctx, null, e.getMessage(), e.status());
          }
        })
        .page("/migrations/{server}/rehearsal/report.html", Access.VIEWER, ctx -> report(ctx,
            ReportFormat.HTML))
        .page("/migrations/{server}/rehearsal/report.pdf", Access.VIEWER, ctx -> report(ctx,
            ReportFormat.PDF))
        .page("/migrations/{server}/rehearsal/report.json", Access.VIEWER, ctx -> report(ctx,
            ReportFormat.JSON));
  }

  private Migrations migrations() {
    return services.migrations();
  }

  private static String server(Context ctx) {
    return ctx.pathParam("server");
  }

  /** Every migration, for this page and the status page. */
  static List<Row> rows(Migrations migrations) {
    if (migrations == null) {
      return List.of();
    }
    Instant now = Instant.now();
    List<Row> rows = new ArrayList<>();
    for (MigrationPlan plan : migrations.plans()) {
      MigrationView v = migrations.show(plan.server());
      String rehearsal = v.rehearsalRun() == null ? "not rehearsed" : v.rehearsalOutcome()
          + (v.rehearsal().containsKey("expectedWriteDowntimeSeconds") ? ", expects "
          + v.rehearsal().get("expectedWriteDowntimeSeconds") + " s of write downtime" : "");
      rows.add(new Row(plan.server(), plan.target().name(), plan.path().id(), light(v, now),
          rehearsal, v.figures().getOrDefault("writeDowntimeSeconds", "-")));
    }
    return rows;
  }

  static Light light(MigrationView v, Instant now) {
    return switch (v.state()) {
      case PLANNED -> v.rehearsalRun() == null
          ? new Light(Light.AMBER, "planned, not rehearsed yet")
          : new Light(Light.GREEN, "planned");
      case CUTTING_OVER -> new Light(Light.AMBER, "cutting over (run " + v.cutoverRun() + ")");
      case FAILED -> new Light(Light.RED, "the cutover (run " + v.cutoverRun() + ") stopped at "
          + "a failed step: retry, skip or roll it back");
      case MIGRATED -> new Light(Light.GREEN, "migrated; a rollback loses no write until "
          + Instants.shown(v.rollbackUntil()));
      case ROLLED_BACK -> new Light(Light.AMBER, "rolled back: clients use the old server");
      case RETIRED -> new Light(Light.GREEN, "migrated; the old server retired "
          + Instants.ago(v.retiredAt(), now));
    };
  }

  private void list(Context ctx, Map<String, String> errors, String plan, int status) {
    ctx.status(status);
    view.render(ctx, "migrations", "Version migrations", Map.of("migrations",
        rows(migrations()), "errors", errors, "plan", plan));
  }

  /** A plan pasted as the API's JSON, checked as the API checks it. */
  private void savePlan(Context ctx) {
    String text = Forms.param(ctx, "plan");
    try {
      MigrationPlan plan = migrations().savePlan(Routes.parse(text, MigrationPlan.class));
      ctx.redirect("/migrations/" + plan.server(), HttpStatus.SEE_OTHER);
    } catch (NearlineException e) {
      list(ctx, Forms.errors(e, field -> "plan"), text, e.status() >= 500 ? 502 : e.status());
    }
  }

  /**
   * One server's migration; with the pre-flight check's {@code report} when one was asked for,
   * and the {@code error} of a refused action.
   */
  private void show(Context ctx, CheckReport report, String error, int status) {
    MigrationView v = migrations().show(server(ctx));
    ctx.status(status);
    view.render(ctx, "migration", "Migration of " + v.plan().server() + " to "
        + v.plan().target().name(), values(v, report, error, history(v.plan()),
        Instant.now()));
  }

  /** What the migration's page shows. */
  static Map<String, Object> values(MigrationView v, CheckReport report, String error,
      List<HistoryRow> history, Instant now) {
    MigrationState state = v.state();
    Map<String, Object> values = new HashMap<>();
    values.put("v", v);
    values.put("light", light(v, now));
    java.time.Duration window = v.plan().rollbackWindow();
    values.put("window", window.toMinutes() % (24 * 60) == 0 ? window.toDays() + " days"
        : window.toMinutes() % 60 == 0 ? window.toHours() + " hours" : window.toString());
    values.put("until", v.rollbackUntil() == null ? "" : Instants.shown(v.rollbackUntil()));
    values.put("retired", v.retiredAt() == null ? "" : Instants.ago(v.retiredAt(), now));
    values.put("history", history);
    values.put("figures", facts(v.figures()));
    values.put("rehearsal", facts(v.rehearsal()));
    values.put("planJson", pretty(v.plan()));
    values.put("hasReport", report != null);
    values.put("report", report == null ? new CheckReport("", List.of()) : report);
    values.put("error", error == null ? "" : error);
    values.put("before", state == MigrationState.PLANNED || state == MigrationState.ROLLED_BACK);
    values.put("migrated", state == MigrationState.MIGRATED);
    return values;
  }

  /**
   * The migration's rehearsals and cutovers among the latest runs, newest first (the list has
   * no plans: the migration runs of its policy are read whole to see whose they are).
   */
  private List<HistoryRow> history(MigrationPlan migration) {
    List<HistoryRow> rows = new ArrayList<>();
    for (RunRecord listed : services.recovery().runs()) {
      if (listed.kind() != RunKind.MIGRATION || listed.state() == RunState.PLANNED
          || !listed.policy().equals(migration.policy())) {
        continue;
      }
      RunRecord r = services.recovery().run(listed.id());
      JsonNode plan = RunPages.read(r.plan());
      if (!migration.server().equals(plan.path("migration").path("server").asText())) {
        continue;
      }
      rows.add(new HistoryRow(r.id(), plan.path("drill").isObject() ? "rehearsal" : "cutover",
          r.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
          Instants.shown(r.startedAt()), Instants.shown(r.finishedAt())));
    }
    return rows;
  }

  private static List<RunPages.Fact> facts(Map<String, String> figures) {
    return figures.entrySet().stream().map(e -> new RunPages.Fact(e.getKey(), e.getValue()))
        .toList();
  }

  /**
   * The cutover's plan on the run page, to be confirmed there; unless the pre-flight check
   * fails, which would refuse it then: its report is shown instead.
   */
  private void previewCutover(Context ctx) {
    CheckReport check = migrations().check(server(ctx));
    if (!check.passed()) {
      show(ctx, check, "the pre-flight check of " + server(ctx) + " failed; the cutover does "
          + "not start until every item is green", 409);
      return;
    }
    start(ctx, () -> migrations().cutover(server(ctx), true), "?then=migration");
  }

  /** Starts a run and shows it, or shows the refusal on the migration's page. */
  private void start(Context ctx, Supplier<RunRecord> run, String query) {
    try {
      ctx.redirect("/runs/" + run.get().id() + query, HttpStatus.SEE_OTHER);
    } catch (NearlineException e) {
      show(ctx, null, e.getMessage(), e.status() >= 500 ? 502 : e.status());
    }
  }

  /** An action that moves clients or ends the way back is confirmed by the server's name. */
  private static void confirmed(Context ctx, String what) {
    if (!server(ctx).equals(Forms.param(ctx, "confirm"))) {
      throw new NearlineException(400, "type " + server(ctx) + " to " + what + " it: nothing "
          + "was done");
    }
  }

  /**
   * Refuses to cut over from anything but a cutover's preview, or from one whose plan or
   * policy has been changed since: the operator confirmed what the preview showed, and
   * nothing else.
   */
  private void samePlan(String server, String previewId) {
    RunRecord preview;
    try {
      preview = services.recovery().run(Long.parseLong(previewId));
    } catch (NumberFormatException e) {
      throw new NearlineException(400, "start a cutover from its plan preview");
    }
    JsonNode previewed = RunPages.read(preview.plan());
    JsonNode planned = previewed.path("migration");
    MigrationPlan plan = migrations().plan(server);
    JsonNode policy = services.recovery().policies().stream()
        .filter(p -> p.name().equals(plan.policy())).findFirst()
        .map(p -> RunPages.read(Json.write(p))).orElse(null);
    if (preview.state() != RunState.PLANNED || previewed.path("drill").isObject()) {
      throw new NearlineException(400, "start a cutover from its plan preview");
    }
    if (!server.equals(planned.path("server").asText())
        || !planned.equals(RunPages.read(Json.write(plan)))
        || !previewed.path("policy").equals(policy)) {
      throw new NearlineException(409, "the migration plan of " + server + " or its policy "
          + "has changed since this preview was made: nothing was started; ask for a new "
          + "preview");
    }
  }

  private static String pretty(MigrationPlan plan) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(plan);
    } catch (java.io.IOException e) {
      return Json.write(plan);
    }
  }

  private void report(Context ctx, ReportFormat format) {
    ctx.contentType(format.contentType()).result(migrations().rehearsalReport(server(ctx),
        format));
  }
}
