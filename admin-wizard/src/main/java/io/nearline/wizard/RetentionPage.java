package io.nearline.wizard;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.ServerStatus;
import io.nearline.services.pit.HoldRequest;
import io.nearline.services.pit.RetentionPolicy;
import io.nearline.services.web.Access;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Routes;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * What a server's store keeps: its retention policy (edited by admins), what retention would
 * keep and remove now and why, legal holds (set and lifted by admins), and whether every kept
 * point restores, as the verifier last found.
 */
final class RetentionPage {
  private final View view;
  private final Nearline services;

  RetentionPage(View view, Nearline services) {
    this.view = view;
    this.services = services;
  }

  void register(Routes routes) {
    routes.page("/servers/{name}/retention", Access.VIEWER, ctx -> show(ctx, Map.of(), 200))
        .form("/servers/{name}/retention", Access.ADMIN, ctx -> {
          try {
            services.retention().setPolicy(name(ctx), new RetentionPolicy(
                Duration.parse(Forms.param(ctx, "allLogFor")), number(ctx, "daily"),
                number(ctx, "weekly"), number(ctx, "monthly"), number(ctx, "yearly")));
          } catch (DateTimeParseException e) {
            refused(ctx, Map.of("allLogFor", "must be an ISO-8601 duration such as PT48H"));
            return;
          } catch (NearlineException e) {
            refused(ctx, Forms.errors(e, field -> field));
            return;
          }
          ctx.redirect("/servers/" + name(ctx) + "/retention", HttpStatus.SEE_OTHER);
        })
        .form("/servers/{name}/holds", Access.ADMIN, ctx -> {
          String kind = Forms.param(ctx, "holdKind");
          String value = Forms.param(ctx, "holdValue");
          try {
            services.retention().hold(name(ctx), new HoldRequest(
                "time".equals(kind) ? value : null, "lsn".equals(kind) ? value : null,
                "tag".equals(kind) ? value : null, Forms.param(ctx, "reason")),
                Caller.of(ctx).name());
          } catch (NearlineException e) {
            refused(ctx, Forms.errors(e, field -> "holdValue"));
            return;
          }
          ctx.redirect("/servers/" + name(ctx) + "/retention", HttpStatus.SEE_OTHER);
        })
        .form("/servers/{name}/holds/lift", Access.ADMIN, ctx -> {
          long hold;
          try {
            hold = Long.parseLong(Forms.param(ctx, "hold"));
          } catch (NumberFormatException e) {
            throw new NearlineException(400, "no such hold: " + Forms.param(ctx, "hold"));
          }
          services.retention().lift(hold, Caller.of(ctx).name());
          ctx.redirect("/servers/" + name(ctx) + "/retention", HttpStatus.SEE_OTHER);
        });
  }

  private void refused(Context ctx, Map<String, String> errors) {
    show(ctx, errors, 400);
  }

  private void show(Context ctx, Map<String, String> errors, int status) {
    String name = name(ctx);
    Map<String, Object> values = new HashMap<>();
    ServerStatus server = services.protection().status(name);
    values.put("server", server);
    Boolean opened = server.restorability() == null ? null
        : server.restorability().lastOpenPassed();
    values.put("opened", opened == null ? "" : "; the last sampled point opened: "
        + (opened ? "passed" : "FAILED"));
    values.put("policy", services.retention().policy(name));
    values.put("plan", services.retention().plan(name));
    values.put("holds", services.retention().holds(name));
    values.put("errors", errors);
    ctx.status(status);
    view.render(ctx, "retention", "Retention of " + name, values);
  }

  private static int number(Context ctx, String field) {
    String text = Forms.param(ctx, field);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new NearlineException(400, "not a number", Map.of(field,
          "must be a whole number, not '" + text + "'"), e);
    }
  }

  private static String name(Context ctx) {
    return ctx.pathParam("name");
  }
}
