package io.nearline.wizard;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.nearline.common.config.Validation;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.ProtectRequest;
import io.nearline.services.web.Access;
import io.nearline.services.web.Routes;
import io.nearline.shadow.Connectors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Protect a server, in five screens: the application, the share and its credentials, the
 * primary's connection, the surrogate, and a review. Each screen tests what it was given
 * (the share listed with the credentials, the primary's identity read) before going on.
 */
final class ProtectWizard {
  static final List<String> STEPS = List.of("Application", "Share", "Primary", "Surrogate",
      "Review");
  private static final String WIZARD = "protect";

  private final View view;
  private final Nearline services;
  private final Drafts drafts;

  ProtectWizard(View view, Nearline services, Drafts drafts) {
    this.view = view;
    this.services = services;
    this.drafts = drafts;
  }

  void register(Routes routes) {
    routes.page("/servers/new", Access.ADMIN, ctx -> show(ctx,
            Forms.step(ctx.queryParam("step"), STEPS.size()), Map.of(), 200))
        .form("/servers/new", Access.ADMIN, this::submit);
  }

  private void submit(Context ctx) {
    Map<String, String> draft = drafts.of(ctx, WIZARD);
    int step = Forms.step(ctx.formParam("step"), STEPS.size());
    if ("back".equals(ctx.formParam("go"))) {
      ctx.redirect("/servers/new?step=" + Math.max(1, step - 1), HttpStatus.SEE_OTHER);
      return;
    }
    try {
      switch (step) {
        case 1 -> application(ctx, draft);
        case 2 -> share(ctx, draft);
        case 3 -> primary(ctx, draft);
        case 4 -> draft.put("surrogate", "no".equals(ctx.formParam("surrogate")) ? "no" : "yes");
        default -> {
          String name = protect(draft);
          drafts.finish(ctx, WIZARD);
          ctx.redirect("/servers/" + name + "/points", HttpStatus.SEE_OTHER);
          return;
        }
      }
      ctx.redirect("/servers/new?step=" + (step + 1), HttpStatus.SEE_OTHER);
    } catch (NearlineException e) {
      show(ctx, step, Forms.errors(e, field -> field), e.status() >= 500 ? 502 : 400);
    }
  }

  private void application(Context ctx, Map<String, String> draft) {
    String name = Forms.param(ctx, "name");
    String kind = Forms.param(ctx, "kind");
    if (!kind.equals(draft.get("kind"))) {
      draft.remove("primaryCheck"); // the primary was read as another application
    }
    draft.put("name", name);
    draft.put("kind", kind);
    Map<String, String> problems = new HashMap<>(Validation.problems(
        new ProtectRequest(name, kind, null, null, null, null, null)));
    problems.keySet().retainAll(Set.of("name", "kind"));
    if (problems.isEmpty() && services.protection().statuses().stream()
        .anyMatch(s -> s.name().equals(name))) {
      problems.put("name", "is taken: a server named " + name + " is already protected");
    }
    if (!problems.isEmpty()) {
      throw new NearlineException(400, "check the fields", problems, null);
    }
  }

  private void share(Context ctx, Map<String, String> draft) {
    draft.remove("shareCheck"); // until these settings have passed
    draft.put("share", Forms.param(ctx, "share"));
    draft.put("user", Forms.param(ctx, "user"));
    String password = ctx.formParam("password");
    if (password != null && !password.isEmpty()) {
      draft.put("password", password);
    }
    draft.put("shareCheck", services.protection().checkShare(draft.get("share"),
        draft.get("user"), draft.getOrDefault("password", "")));
  }

  private void primary(Context ctx, Map<String, String> draft) {
    draft.remove("primaryCheck");
    draft.put("primary", Forms.param(ctx, "primary"));
    draft.put("primaryCheck", services.protection().checkPrimary(draft.getOrDefault("kind", ""),
        draft.get("primary")));
  }

  private String protect(Map<String, String> d) {
    if (!d.containsKey("shareCheck") || !d.containsKey("primaryCheck")) {
      throw new NearlineException(400, "go through the share and primary screens first: each "
          + "is tested before the server is protected");
    }
    return services.protection().protect(new ProtectRequest(d.get("name"), d.get("kind"),
        d.get("share"), d.get("user"), d.get("password"), d.get("primary"),
        !"no".equals(d.get("surrogate")))).name();
  }

  private void show(Context ctx, int step, Map<String, String> errors, int status) {
    Map<String, String> draft = new HashMap<>(drafts.of(ctx, WIZARD));
    boolean hasPassword = draft.remove("password") != null;
    ctx.status(status);
    view.render(ctx, "protect", "Protect a server: " + STEPS.get(step - 1), Map.of(
        "step", step, "steps", STEPS, "draft", draft, "hasPassword", hasPassword,
        "errors", errors, "kinds", Connectors.all().stream().map(c -> c.kind()).toList()));
  }


}
