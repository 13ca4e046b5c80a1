package io.nearline.wizard;

import io.javalin.http.Context;
import io.nearline.common.config.Validation;
import io.nearline.recovery.CheckReport;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.peer.LinkSettings;
import io.nearline.services.peer.LinkWindowText;
import io.nearline.services.peer.NodeRole;
import io.nearline.services.peer.PairStatus;
import io.nearline.services.peer.Peer;
import io.nearline.services.web.Access;
import io.nearline.services.web.Routes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The near-line DR setup: pair this near-line with a second one (a one-time code made on the
 * active, pasted into the other's console), the pairing check, the link's WAN controls, and
 * promotion and resync, each confirmed by typing what it does.
 */
final class PeerPages {
  private final View view;
  private final Nearline services;

  PeerPages(View view, Nearline services) {
    this.view = view;
    this.services = services;
  }

  void register(Routes routes) {
    if (services.peer() == null) {
      return;
    }
    routes.page("/peer", Access.VIEWER, ctx -> show(ctx, Shown.NOTHING))
        .form("/peer/pair", Access.ADMIN, ctx -> act(ctx, () -> Shown.code(peer().pairingCode())))
        .form("/peer/join", Access.ADMIN, ctx -> act(ctx, () -> {
          String code = Forms.param(ctx, "code");
          if (code.isEmpty()) {
            throw new NearlineException(400, "no pairing code was given", Map.of("code",
                "paste the code 'Make a pairing code' showed on the active near-line"), null);
          }
          return Shown.report(peer().join(code));
        }))
        .form("/peer/check", Access.ADMIN, ctx -> act(ctx, () -> Shown.report(peer().check())))
        .form("/peer/settings", Access.ADMIN, ctx -> act(ctx, () -> {
          peer().saveSettings(settings(ctx));
          return Shown.saved("Link settings saved; they hold from the next second.");
        }))
        .form("/peer/promote", Access.ADMIN, ctx -> act(ctx, () -> {
          confirmed(ctx, "promote");
          return Shown.saved("Now " + peer().promote().role().label() + ".");
        }))
        .form("/peer/resync", Access.ADMIN, ctx -> act(ctx, () -> {
          confirmed(ctx, "resync");
          return Shown.saved("Now " + peer().resync().role().label() + ": it receives what it "
              + "lacks from the active near-line.");
        }));
  }

  private Peer peer() {
    return services.peer();
  }

  /** What an action leaves on the page: a code shown once, a check's report, a note. */
  record Shown(String code, CheckReport report, String note, Map<String, String> errors,
      Map<String, String> form) {
    static final Shown NOTHING = new Shown("", null, "", Map.of(), Map.of());

    static Shown code(String code) {
      return new Shown(code, null, "", Map.of(), Map.of());
    }

    static Shown report(CheckReport report) {
      return new Shown("", report, "", Map.of(), Map.of());
    }

    static Shown saved(String note) {
      return new Shown("", null, note, Map.of(), Map.of());
    }
  }

  private interface Action {
    Shown run() throws IOException;
  }

  /** Runs an admin's action and shows the page with its result, or with why it was refused. */
  private void act(Context ctx, Action action) {
    try {
      show(ctx, action.run());
    } catch (NearlineException e) {
      ctx.status(e.status() >= 500 ? 502 : e.status());
      show(ctx, new Shown("", null, "", Forms.errors(e, PeerPages::field), form(ctx)));
    } catch (IOException e) {
      ctx.status(502);
      show(ctx, new Shown("", null, "", Map.of("form", e.getMessage()), form(ctx)));
    }
  }

  private static String field(String apiField) {
    return apiField.startsWith("windows") ? "windows" : apiField;
  }

  /** What was typed into the settings form, to show it again next to its errors. */
  private static Map<String, String> form(Context ctx) {
    Map<String, String> typed = new HashMap<>();
    for (String f : List.of("compressionLevel", "defaultLimit", "zone", "windows")) {
      if (ctx.formParam(f) != null) {
        typed.put(f, Forms.param(ctx, f));
      }
    }
    return typed;
  }

  private void show(Context ctx, Shown shown) {
    if (!shown.code().isEmpty()) {
      ctx.header("Cache-Control", "no-store"); // a page with a secret is not kept
    }
    view.render(ctx, "peer", "Near-line pair", values(peer().pairStatus(), shown));
  }

  /** What the page shows for {@code status}, after {@code shown}. */
  static Map<String, Object> values(PairStatus status, Shown shown) {
    Map<String, Object> values = new HashMap<>();
    values.put("s", status);
    Light link = Light.link(status.state(), status.backlogObjects(), status.lastError());
    // Just paired: the link takes its first state within a second.
    values.put("light", link != null ? link : new Light(Light.OFF, "starting"));
    values.put("paired", status.peer() != null);
    values.put("isActive", status.role() == NodeRole.ACTIVE);
    values.put("isPeer", status.role() == NodeRole.PEER);
    values.put("isFenced", status.role() == NodeRole.FENCED);
    values.put("pairedAt", status.peer() == null ? "" : Instants.shown(status.peer().pairedAt()));
    values.put("backlog", status.backlogObjects() == null ? "" : status.backlogObjects()
        + " objects, " + mib(status.backlogBytes()) + (status.catchUpSeconds() == null ? ""
        : String.format(java.util.Locale.ROOT, ", %.0f s to catch up",
            status.catchUpSeconds())));
    values.put("rate", mib((long) status.sendRateBytes()) + "/s");
    values.put("limit", status.limitBytes() == 0 ? "none" : LinkWindowText.rate(
        status.limitBytes()) + "/s");
    LinkSettings settings = status.settings();
    values.put("windows", settings.windows().stream().map(LinkWindowText::text).toList());
    Map<String, String> form = new LinkedHashMap<>();
    form.put("compressionLevel", Integer.toString(settings.compressionLevel()));
    form.put("defaultLimit", LinkWindowText.rate(settings.defaultLimit()));
    form.put("zone", settings.zone());
    form.put("windows", String.join("\n", settings.windows().stream()
        .map(LinkWindowText::text).toList()));
    form.putAll(shown.form());
    values.put("form", form);
    values.put("code", shown.code());
    values.put("hasReport", shown.report() != null || status.check() != null);
    values.put("report", shown.report() != null ? shown.report() : status.check() != null
        ? status.check() : new CheckReport("", List.of()));
    values.put("note", shown.note());
    values.put("errors", shown.errors());
    return values;
  }

  /** The settings form as the API would take them, checked as the API checks them. */
  private static LinkSettings settings(Context ctx) {
    Map<String, String> problems = new LinkedHashMap<>();
    int level = 0;
    try {
      level = Integer.parseInt(Forms.param(ctx, "compressionLevel"));
    } catch (NumberFormatException e) {
      problems.put("compressionLevel", "is not a number from 1 to 19");
    }
    long limit = 0;
    try {
      limit = LinkWindowText.bytes(Forms.param(ctx, "defaultLimit"));
    } catch (IllegalArgumentException e) {
      problems.put("defaultLimit", e.getMessage());
    }
    List<LinkSettings.Window> windows = new ArrayList<>();
    for (String line : Forms.param(ctx, "windows").split("\\R")) {
      try {
        if (!line.isBlank()) {
          windows.add(LinkWindowText.parse(line));
        }
      } catch (IllegalArgumentException e) {
        problems.merge("windows", e.getMessage(), (a, b) -> a + "; " + b);
      }
    }
    LinkSettings s = new LinkSettings(level, limit, Forms.param(ctx, "zone"), windows);
    if (problems.isEmpty()) {
      Validation.problems(s).forEach((f, p) -> problems.merge(field(f), p, (a, b) -> a + "; "
          + b));
    }
    if (!problems.isEmpty()) {
      throw new NearlineException(400, "the link settings were not saved", problems, null);
    }
    return s;
  }

  /** Promotion and resync change who collects and recovers: typed, not just clicked. */
  private static void confirmed(Context ctx, String word) {
    if (!word.equals(Forms.param(ctx, "confirm"))) {
      throw new NearlineException(400, "type " + word + " to " + word + " this near-line: "
          + "nothing was done");
    }
  }

  private static String mib(Long bytes) {
    return bytes == null ? "" : String.format(java.util.Locale.ROOT, "%.1f MiB",
        bytes / 1048576.0);
  }
}
