package io.nearline.wizard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.nearline.common.json.Json;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.web.Access;
import io.nearline.services.web.Routes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pair a protected primary with a standby whose name need not match: the names, how Nearline
 * reaches the standby, then the standby check's report, item by item. The pair is saved, with a
 * default policy named after it, only once the check passes.
 */
final class PairWizard {
  static final List<String> STEPS = List.of("Names", "Standby", "Check");
  private static final String WIZARD = "pair";
  private static final Set<String> STANDBY_FIELDS = Set.of("access", "address", "sshPort",
      "sshUser", "sshKeyFile", "osUser", "clientHost", "nearlineUrl");
  /** The application settings a new PostgreSQL standby usually needs, to start from. */
  private static final String POSTGRES_SETTINGS =
      "pgBin=/usr/lib/postgresql/15/bin\ndataDirectory=\npgPort=5432";

  private final View view;
  private final Nearline services;
  private final Drafts drafts;

  PairWizard(View view, Nearline services, Drafts drafts) {
    this.view = view;
    this.services = services;
    this.drafts = drafts;
  }

  void register(Routes routes) {
    routes.page("/pairs/new", Access.ADMIN, ctx -> show(ctx,
            Forms.step(ctx.queryParam("step"), 2), null, Map.of(), 200))
        .form("/pairs/new", Access.ADMIN, this::submit);
  }

  private void submit(Context ctx) {
    Map<String, String> draft = drafts.of(ctx, WIZARD);
    int step = Forms.step(ctx.formParam("step"), 3);
    if ("back".equals(ctx.formParam("go"))) {
      ctx.redirect("/pairs/new?step=" + Math.max(1, step - 1), HttpStatus.SEE_OTHER);
      return;
    }
    CheckReport report = null;
    try {
      if (step == 1) {
        for (String f : List.of("name", "primary", "standbyName")) {
          draft.put(f, Forms.param(ctx, f));
        }
        names(draft);
      } else if (step == 2) {
        for (String f : STANDBY_FIELDS) {
          draft.put(f, Forms.param(ctx, f));
        }
        draft.put("disposable", ctx.formParam("disposable") == null ? "false" : "true");
        draft.put("settings", Forms.param(ctx, "settings"));
        report = services.recovery().checkStandby(pair(draft));
        show(ctx, 3, report, Map.of(), 200);
        return;
      } else {
        services.recovery().addPair(pair(draft));
        String name = draft.get("name");
        services.recovery().savePolicy(new RecoveryPolicy(name, List.of(name), null, null,
            null, null, null, false, null, null, null));
        drafts.finish(ctx, WIZARD);
        ctx.redirect("/policies/" + name + "?saved=pair", HttpStatus.SEE_OTHER);
        return;
      }
      ctx.redirect("/pairs/new?step=" + (step + 1), HttpStatus.SEE_OTHER);
    } catch (NearlineException e) {
      int at = e.fields().keySet().stream().anyMatch(f -> f.startsWith("standby.")) ? 2
          : step == 3 ? 2 : step;
      show(ctx, at, null, Forms.errors(e, PairWizard::place),
          e.status() >= 500 ? 502 : 400);
    }
  }

  private void names(Map<String, String> d) {
    Map<String, String> problems = new HashMap<>();
    if (services.recovery().pairs().stream().anyMatch(p -> p.name().equals(d.get("name")))) {
      problems.put("name", "is taken: a pair named " + d.get("name") + " exists");
    } else if (services.recovery().policies().stream()
        .anyMatch(p -> p.name().equals(d.get("name")))) {
      problems.put("name", "is taken by a policy, and the pair's default policy gets its name");
    }
    if (services.protection().statuses().stream()
        .noneMatch(s -> s.name().equals(d.get("primary")))) {
      problems.put("primary", "is not a protected server: protect it first");
    }
    if (!problems.isEmpty()) {
      throw new NearlineException(400, "check the fields", problems, null);
    }
  }

  /** The pair as the API would receive it, read and validated the same way. */
  private static RecoveryPair pair(Map<String, String> d) {
    ObjectNode standby = Json.MAPPER.createObjectNode();
    standby.put("name", d.get("standbyName"));
    for (String f : STANDBY_FIELDS) {
      String v = d.getOrDefault(f, "");
      if (!v.isEmpty()) {
        putValue(standby, f, v);
      }
    }
    standby.put("disposable", Boolean.parseBoolean(d.get("disposable")));
    for (String line : d.getOrDefault("settings", "").split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.substring(eq + 1).isBlank()) {
        putValue(standby, line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    ObjectNode pair = Json.MAPPER.createObjectNode();
    pair.put("name", d.get("name"));
    pair.put("primary", d.get("primary"));
    pair.set("standby", standby);
    return Routes.parse(pair.toString(), RecoveryPair.class);
  }

  private static void putValue(ObjectNode node, String field, String value) {
    if (value.matches("-?\\d{1,9}")) {
      node.put(field, Integer.parseInt(value));
    } else {
      node.put(field, value);
    }
  }

  /** Where the API's field is shown: the standby's fields on their own, settings together. */
  private static String place(String field) {
    if (field.equals("standby.name")) {
      return "standbyName";
    }
    if (field.startsWith("standby.")) {
      String f = field.substring("standby.".length());
      return STANDBY_FIELDS.contains(f) ? f : "settings";
    }
    return Set.of("name", "primary").contains(field) ? field : "form";
  }

  private void show(Context ctx, int step, CheckReport report, Map<String, String> errors,
      int status) {
    Map<String, String> draft = new HashMap<>(drafts.of(ctx, WIZARD));
    draft.putIfAbsent("settings", POSTGRES_SETTINGS);
    draft.putIfAbsent("access", "local");
    draft.putIfAbsent("nearlineUrl", ctx.scheme() + "://" + ctx.host());
    ctx.status(status);
    Map<String, Object> values = new HashMap<>(Map.of("step", step, "steps", STEPS,
        "draft", draft, "errors", errors, "hasReport", report != null,
        "primaries", services.protection().statuses().stream().map(s -> s.name()).toList()));
    if (report != null) {
      values.put("report", report);
    }
    view.render(ctx, "pair", "Pair a standby: " + STEPS.get(step - 1), values);
  }


}
