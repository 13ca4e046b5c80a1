package io.nearline.wizard;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseHandler;
import io.nearline.common.json.Json;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.journal.StepRecord;
import io.nearline.services.DrillTrend;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.RunAction;
import io.nearline.services.web.Access;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Routes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One-click recovery: the plan preview (a dry run: every step, every change with its before and
 * after), the confirmation that starts the run, the run followed live step by step, its final
 * report, and retry, skip and rollback for operators.
 */
final class RunPages {
  /** A step as the run page shows it. */
  public record StepRow(int seq, String pair, String step, String state, String elapsed,
      String detail, List<Change> changes) {}

  /** A measurement a step made, such as rtoSeconds. */
  public record Fact(String name, String value) {}

  private static final long PUSH_MILLIS = 1000;

  private final View view;
  private final Nearline services;
  private final ScheduledExecutorService timer;

  RunPages(View view, Nearline services, ScheduledExecutorService timer) {
    this.view = view;
    this.services = services;
    this.timer = timer;
  }

  void register(Routes routes) {
    routes.form("/policies/{policy}/plan", Access.OPERATOR, ctx -> {
      RunKind kind = kind(ctx.formParam("kind"));
      RunRecord plan = services.recovery().start(ctx.pathParam("policy"), kind, true);
      ctx.redirect("/runs/" + plan.id() + "?then=" + kind.id(), HttpStatus.SEE_OTHER);
    })
        .form("/policies/{policy}/start", Access.OPERATOR, ctx -> {
          samePlan(ctx.pathParam("policy"), Forms.param(ctx, "plan"));
          RunRecord run = services.recovery().start(ctx.pathParam("policy"),
              kind(ctx.formParam("kind")), false);
          ctx.redirect("/runs/" + run.id(), HttpStatus.SEE_OTHER);
        })
        .form("/policies/{policy}/drill", Access.OPERATOR, ctx -> {
          RunRecord run = services.drills().run(ctx.pathParam("policy"), DrillTarget.SANDBOX,
              "on demand by " + Caller.of(ctx).name() + " (console)", false);
          ctx.redirect("/runs/" + run.id(), HttpStatus.SEE_OTHER);
        })
        .page("/runs/{id}", Access.VIEWER, ctx -> {
          RunRecord run = services.recovery().run(id(ctx));
          String then = ctx.queryParam("then");
          JsonNode plan = read(run.plan());
          String migrates = plan.path("migration").path("server").asText("");
          boolean rehearsal = plan.path("drill").isObject();
          // Only a cutover's preview is confirmed here; a rehearsal's is not started from it.
          String confirm = then == null || !migrates.isEmpty() && rehearsal ? ""
              : !migrates.isEmpty() ? "migration" : kind(then).id();
          String what = migrates.isEmpty() ? run.policy()
              : (rehearsal ? "rehearsal of " : "cutover of ") + migrates;
          view.render(ctx, "run", title(run, what), Map.of("rawBody", body(ctx, run),
              "run", run, "then", confirm, "migrates", migrates, "live", !ended(run)));
        })
        .page("/events/runs/{id}", Access.VIEWER, new SseHandler(client -> Live.follow(client,
            timer, PUSH_MILLIS, view::stillSignedIn, ctx -> {
              RunRecord run = services.recovery().run(id(ctx));
              return new Live.Frame(body(ctx, run), ended(run));
            })))
        .form("/runs/{id}/act", Access.OPERATOR, ctx -> {
          RunAction action = action(ctx.formParam("action"));
          String reason = ctx.formParam("reason");
          if (action == RunAction.SKIP && (reason == null || reason.isBlank())) {
            throw new NearlineException(400, "say why the step is skipped: the reason goes into "
                + "the run's journal and report");
          }
          services.recovery().act(id(ctx), action, reason);
          ctx.redirect("/runs/" + id(ctx), HttpStatus.SEE_OTHER);
        });
  }

  private String body(Context ctx, RunRecord run) {
    Instant now = Instant.now();
    List<StepRow> steps = new ArrayList<>();
    Map<String, String> facts = new LinkedHashMap<>();
    List<String> manual = new ArrayList<>();
    for (StepRecord s : run.steps()) {
      JsonNode outcome = outcome(s);
      outcome.path("facts").fields().forEachRemaining(f -> facts.put(f.getKey(),
          f.getValue().asText()));
      String detail = s.skipReason() != null ? "skipped (" + s.skipReason() + ")"
          + (s.error() == null ? "" : " after: " + s.error())
          : s.error() != null ? s.error() : outcome.path("summary").asText("");
      steps.add(new StepRow(s.seq(), s.pair(), s.step(), s.state().name().toLowerCase(
          Locale.ROOT), elapsed(s, now), detail, s.changes()));
      if (s.skipReason() != null) {
        manual.add(s.pair() + " " + s.step() + " was skipped (" + s.skipReason()
            + "): do by hand what it would have done");
      }
    }
    if (run.state() == RunState.ROLLED_BACK) {
      manual.add("the run was rolled back: the primary serves clients again; the standby "
          + "holds a partial restore until the next run moves it aside");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("run", run);
    values.put("state", run.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    values.put("steps", steps);
    values.put("facts", facts.entrySet().stream().map(e -> new Fact(e.getKey(), e.getValue()))
        .toList());
    values.put("rto", facts.getOrDefault("rtoSeconds", ""));
    values.put("rpo", facts.getOrDefault("rpoSeconds", ""));
    values.put("manual", manual);
    values.put("changed", steps.stream().mapToInt(s -> s.changes().size()).sum());
    values.put("ended", ended(run));
    values.put("planned", run.state() == RunState.PLANNED);
    values.put("failed", run.state() == RunState.FAILED);
    values.put("elapsed", Instants.seconds(Duration.between(run.startedAt(), until(run, now))));
    values.put("estimate", run.state() == RunState.RUNNING ? estimate(run, now) : "");
    return view.fragment(ctx, "run-body", values);
  }

  /**
   * Refuses to start from a preview whose policy has been changed since it was planned: the
   * operator confirmed what the preview showed, and nothing else.
   */
  private void samePlan(String policy, String planId) {
    RunRecord plan;
    try {
      plan = services.recovery().run(Long.parseLong(planId));
    } catch (NumberFormatException e) {
      throw new NearlineException(400, "start a run from its plan preview");
    }
    JsonNode planned = read(plan.plan()).path("policy");
    JsonNode now = services.recovery().policies().stream().filter(p -> p.name().equals(policy))
        .findFirst().map(p -> read(Json.write(p))) // both read from text: same node types
        .orElseThrow(() -> new NearlineException(404, "no policy named '" + policy + "'"));
    if (!policy.equals(plan.policy()) || !planned.equals(now)) {
      throw new NearlineException(409, "policy " + policy + " has changed since this plan was "
          + "made: nothing was started; ask for a new plan and check it again");
    }
  }

  static JsonNode read(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  /** Time left going by the policy's drills, or nothing when there are none to go by. */
  private String estimate(RunRecord run, Instant now) {
    DrillTrend trend = services.drills().trend(run.policy(), 10);
    Double expected = run.kind() == RunKind.DRILL || trend.predictedFailoverRtoSeconds() == null
        ? trend.medianRtoSeconds() : trend.predictedFailoverRtoSeconds();
    if (expected == null) {
      return "no estimate yet: the policy has no passed drill to go by";
    }
    double left = expected - Duration.between(run.startedAt(), now).toMillis() / 1000.0;
    return left > 0 ? String.format(Locale.ROOT, "about %.0f s left (drills took %.0f s)",
        left, expected) : String.format(Locale.ROOT, "longer than the drills (%.0f s) so far",
        expected);
  }

  /**
   * Where a run's clock stands: now while it runs; for a failed run, waiting for an operator,
   * its last step's end (so its page holds still while someone types a reason).
   */
  private static Instant until(RunRecord run, Instant now) {
    if (run.finishedAt() != null) {
      return run.finishedAt();
    }
    if (run.state() == RunState.RUNNING) {
      return now;
    }
    return run.steps().stream().map(s -> s.finishedAt() != null ? s.finishedAt()
        : s.startedAt()).filter(java.util.Objects::nonNull).max(Instant::compareTo)
        .orElse(run.startedAt());
  }

  private static JsonNode outcome(StepRecord s) {
    return s.outcome() == null ? Json.MAPPER.createObjectNode() : read(s.outcome());
  }

  private static String elapsed(StepRecord s, Instant now) {
    if (s.startedAt() == null) {
      return "";
    }
    return Instants.seconds(Duration.between(s.startedAt(), s.finishedAt() == null ? now
        : s.finishedAt()));
  }


  /**
   * Whether the run is over: succeeded, stopped or rolled back (or only a plan). A failed run is
   * not: it waits for an operator to retry, skip or roll back, and its page keeps following it.
   */
  static boolean ended(RunRecord run) {
    return run.state() != RunState.RUNNING && run.state() != RunState.FAILED;
  }

  /** {@code what}: the policy, or for a migration's run "cutover of db1". */
  private static String title(RunRecord run, String what) {
    return run.state() == RunState.PLANNED ? "Plan preview: " + what
        : "Run " + run.id() + ": " + (what.equals(run.policy()) ? run.kind().id() + " of "
        + what : what);
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new NearlineException(404, "no run " + ctx.pathParam("id"));
    }
  }

  private static RunKind kind(String text) {
    RunKind kind;
    try {
      kind = RunKind.of(text == null ? "failover" : text);
    } catch (IllegalArgumentException e) {
      throw new NearlineException(400, e.getMessage());
    }
    if (kind != RunKind.FAILOVER && kind != RunKind.FAILBACK) {
      throw new NearlineException(400, "a run started here is a failover or a failback");
    }
    return kind;
  }

  private static RunAction action(String text) {
    for (RunAction a : RunAction.values()) {
      if (a.id().equals(text)) {
        return a;
      }
    }
    throw new NearlineException(400, "the action is retry, skip or rollback, not " + text);
  }
}
