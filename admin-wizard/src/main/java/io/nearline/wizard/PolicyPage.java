package io.nearline.wizard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nearline.common.json.Json;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.web.Access;
import io.nearline.services.web.Routes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recovery policy: what a failover of it does, edited in a form by admins, and the buttons
 * that fail it over, fail it back or drill it. The form is read and validated exactly as the
 * API reads a policy, so both give the same messages.
 */
final class PolicyPage {
  private static final Set<String> JSON_FIELDS = Set.of("directory", "dns", "drills");
  private static final Set<String> FIELDS = Set.of("name", "pairs", "steps", "restartCommands",
      "instant", "rtoTargetSeconds", "rpoTargetSeconds", "directory", "dns", "drills");

  private final View view;
  private final Nearline services;

  PolicyPage(View view, Nearline services) {
    this.view = view;
    this.services = services;
  }

  void register(Routes routes) {
    routes.page("/policies/new", Access.ADMIN, ctx -> {
      String pair = ctx.queryParam("pair");
      Map<String, String> form = new HashMap<>(Map.of("name", pair == null ? "" : pair,
          "pairs", pair == null ? "" : pair));
      show(ctx, null, form, Map.of(), null, 200);
    })
        .form("/policies/new", Access.ADMIN, ctx -> save(ctx, null))
        .page("/policies/{policy}", Access.VIEWER, ctx -> {
          RecoveryPolicy policy = policy(ctx.pathParam("policy"));
          show(ctx, policy, form(policy), Map.of(), null, 200);
        })
        .form("/policies/{policy}", Access.ADMIN, ctx -> save(ctx,
            policy(ctx.pathParam("policy"))));
  }

  private RecoveryPolicy policy(String name) {
    return services.recovery().policies().stream().filter(p -> p.name().equals(name))
        .findFirst().orElseThrow(() -> new NearlineException(404, "no policy named '" + name
            + "'"));
  }

  private void save(Context ctx, RecoveryPolicy existing) {
    Map<String, String> form = new HashMap<>();
    for (String f : List.of("name", "pairs", "pointKind", "pointValue", "steps",
        "restartCommands", "rtoTargetSeconds", "rpoTargetSeconds", "directory", "dns",
        "drills")) {
      String v = ctx.formParam(f);
      form.put(f, v == null ? "" : v.strip());
    }
    form.put("instant", ctx.formParam("instant") == null ? "false" : "true");
    if (existing != null) {
      form.put("name", existing.name()); // a policy keeps its name
    } else if (services.recovery().policies().stream()
        .anyMatch(p -> p.name().equals(form.get("name")))) {
      show(ctx, null, form, Map.of("name", "is taken: a policy named " + form.get("name")
          + " exists; edit it on its own page"), null, 409);
      return;
    }
    try {
      CheckReport report = services.recovery().savePolicy(read(form));
      show(ctx, policy(form.get("name")), form(policy(form.get("name"))), Map.of(), report,
          existing == null ? 201 : 200);
    } catch (NearlineException e) {
      show(ctx, existing, form, Forms.errors(e, PolicyPage::place), null,
          e.status() >= 500 ? 502 : e.status());
    }
  }

  /** The form as the API's JSON, read and validated as the API reads it. */
  private static RecoveryPolicy read(Map<String, String> form) {
    ObjectNode p = Json.MAPPER.createObjectNode();
    Map<String, String> problems = new LinkedHashMap<>();
    p.put("name", form.get("name"));
    list(form.get("pairs"), ",").forEach(p.putArray("pairs")::add);
    ObjectNode point = p.putObject("point");
    point.put("kind", form.getOrDefault("pointKind", "latest").isEmpty() ? "latest"
        : form.get("pointKind"));
    point.put("value", form.getOrDefault("pointValue", ""));
    List<String> steps = list(form.get("steps"), "\n");
    if (!steps.isEmpty()) {
      steps.forEach(p.putArray("steps")::add);
    }
    list(form.get("restartCommands"), "\n").forEach(p.putArray("restartCommands")::add);
    p.put("instant", Boolean.parseBoolean(form.get("instant")));
    for (String f : List.of("rtoTargetSeconds", "rpoTargetSeconds")) {
      String v = form.getOrDefault(f, "");
      if (v.matches("-?\\d{1,9}")) {
        p.put(f, Integer.parseInt(v));
      } else if (!v.isEmpty()) {
        problems.put(f, "must be a whole number of seconds, not " + v);
      }
    }
    for (String f : JSON_FIELDS) {
      String v = form.getOrDefault(f, "");
      if (!v.isEmpty()) {
        try {
          p.set(f, Json.MAPPER.readTree(v));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          problems.put(f, "is not JSON: " + e.getOriginalMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new NearlineException(400, "check the fields", problems, null);
    }
    return Routes.parse(p.toString(), RecoveryPolicy.class);
  }

  /** The policy as the form shows it. */
  private static Map<String, String> form(RecoveryPolicy p) {
    Map<String, String> form = new HashMap<>();
    form.put("name", p.name());
    form.put("pairs", String.join(", ", p.pairs()));
    form.put("pointKind", p.point().kind().id());
    form.put("pointValue", p.point().value() == null ? "" : p.point().value());
    form.put("steps", String.join("\n", p.steps().stream().map(Object::toString).toList()));
    form.put("restartCommands", String.join("\n", p.restartCommands()));
    form.put("instant", String.valueOf(p.instant()));
    form.put("rtoTargetSeconds", p.rtoTargetSeconds() == null ? ""
        : p.rtoTargetSeconds().toString());
    form.put("rpoTargetSeconds", p.rpoTargetSeconds() == null ? ""
        : p.rpoTargetSeconds().toString());
    form.put("directory", pretty(Json.MAPPER.valueToTree(p.directory())));
    form.put("dns", pretty(Json.MAPPER.valueToTree(p.dns())));
    form.put("drills", p.drills().probes().isEmpty() && p.drills().maxIntervalDays() == null
        ? "" : pretty(Json.MAPPER.valueToTree(p.drills())));
    return form;
  }

  private static String pretty(JsonNode node) {
    try {
      return node == null || node.isNull() ? ""
          : Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return node.toString();
    }
  }

  private static List<String> list(String text, String separator) {
    return text == null ? List.of() : Arrays.stream(text.split(separator)).map(String::strip)
        .filter(s -> !s.isEmpty()).toList();
  }

  /** Where the API's field is shown: nested fields at their JSON box, the point at its own. */
  private static String place(String field) {
    if (field.startsWith("point")) {
      return field.endsWith("kind") ? "pointKind" : "pointValue";
    }
    String top = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
    top = top.replaceAll("\\[\\d+]$", "");
    return FIELDS.contains(top) ? top : "form";
  }

  private void show(Context ctx, RecoveryPolicy policy, Map<String, String> form,
      Map<String, String> errors, CheckReport report, int status) {
    ctx.status(status);
    Map<String, Object> values = new HashMap<>(Map.of("form", form, "errors", errors,
        "exists", policy != null, "hasReport", report != null,
        "saved", ctx.queryParam("saved") != null));
    if (report != null) {
      values.put("report", report);
    }
    view.render(ctx, "policy", policy == null ? "New recovery policy"
        : "Recovery policy " + policy.name(), values);
  }
}
