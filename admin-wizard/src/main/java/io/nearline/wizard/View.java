package io.nearline.wizard;

import io.javalin.http.Context;
import io.nearline.services.Nearline;
import io.nearline.services.console.Session;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Role;
import java.util.HashMap;
import java.util.Map;

/**
 * What every page shows and every form needs: which near-line server this is, who is signed in
 * with which role, and the session's CSRF token.
 */
final class View {
  private final Pages pages;
  private final Nearline services;

  View(Pages pages, Nearline services) {
    this.pages = pages;
    this.services = services;
  }

  /** Renders {@code page} for this request, with the values every page has. */
  void render(Context ctx, String page, String title, Map<String, ?> values) {
    ctx.html(html(ctx, page, title, values));
  }

  String html(Context ctx, String page, String title, Map<String, ?> values) {
    Map<String, Object> all = new HashMap<>(common(ctx, title));
    all.putAll(values);
    return pages.render(page, all);
  }

  /** Renders a fragment (no layout) with only {@code values}: what a live update sends. */
  String fragment(Context ctx, String page, Map<String, ?> values) {
    Map<String, Object> all = new HashMap<>(common(ctx, ""));
    all.putAll(values);
    return pages.render(page, all);
  }

  /** Whether a live page may still be sent to: its session (if it has one) has not ended. */
  boolean stillSignedIn(Context ctx) {
    Session session = Session.of(ctx);
    return session == null || services.console().isLive(session.id());
  }

  private Map<String, Object> common(Context ctx, String title) {
    Session session = Session.of(ctx);
    Caller caller = session != null ? session.caller() : Caller.of(ctx);
    Map<String, Object> values = new HashMap<>();
    values.put("title", title);
    values.put("nearline", services.console().nearlineName());
    values.put("signedIn", caller != null);
    values.put("me", caller == null ? "" : caller.name());
    values.put("role", caller == null || caller.role() == null ? "" : caller.role().label());
    values.put("operator", caller != null && caller.role() != null
        && caller.role().includes(Role.OPERATOR));
    values.put("admin", caller != null && caller.role() != null
        && caller.role().includes(Role.ADMIN));
    values.put("csrf", session == null ? "" : session.csrf());
    values.put("path", ctx.path());
    return values;
  }
}
