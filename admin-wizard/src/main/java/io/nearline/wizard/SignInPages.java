package io.nearline.wizard;

import io.javalin.http.Context;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.console.Console;
import io.nearline.services.console.Session;
import io.nearline.services.web.Access;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Routes;
import java.util.Map;

/** Signing in and out, and setting the local admin's password through the one-time link. */
final class SignInPages {
  private final View view;
  private final Console console;

  private final Drafts drafts;

  SignInPages(View view, Nearline services, Drafts drafts) {
    this.view = view;
    this.console = services.console();
    this.drafts = drafts;
  }

  void register(Routes routes) {
    routes.page("/sign-in", Access.ANYONE, ctx -> signInPage(ctx, "", "", 200))
        .form("/sign-in", Access.ANYONE, this::signIn)
        .page("/setup", Access.ANYONE, ctx -> setupPage(ctx, ctx.queryParam("code"), "", 200))
        .form("/setup", Access.ANYONE, this::setUp)
        .form("/sign-out", Access.VIEWER, ctx -> {
          Session session = Session.of(ctx);
          if (session != null) {
            console.signOut(session.id());
            drafts.forget(session.id());
          }
          Cookies.clear(ctx, Session.COOKIE);
          ctx.redirect("/sign-in", io.javalin.http.HttpStatus.SEE_OTHER);
        });
  }

  private void signInPage(Context ctx, String user, String problem, int status) {
    if (console.setupPending() && problem.isEmpty()) {
      problem = "The admin password has not been set yet: open the setup link that "
          + "'nearline server' printed (also in console-setup.link in its data directory).";
    }
    String next = ctx.formParam("next") != null ? ctx.formParam("next")
        : ctx.queryParam("next");
    ctx.status(status);
    view.render(ctx, "sign-in", "Sign in", Map.of("formToken", Cookies.formToken(ctx),
        "next", safeNext(next), "user", user, "problem", problem));
  }

  private void signIn(Context ctx) {
    String user = ctx.formParam("user") == null ? "" : ctx.formParam("user").strip();
    try {
      Session session = console.signIn(user, ctx.formParam("password"), ctx.ip());
      String earlier = ctx.cookie(Session.COOKIE);
      if (earlier != null) { // a new session, never the one the browser came with
        console.signOut(earlier);
        drafts.forget(earlier);
      }
      ctx.attribute(Caller.ATTRIBUTE, session.caller()); // the audit log names who signed in
      Cookies.set(ctx, Session.COOKIE, session.id(), -1);
      ctx.redirect(safeNext(ctx.formParam("next")), io.javalin.http.HttpStatus.SEE_OTHER);
    } catch (NearlineException e) {
      signInPage(ctx, user, e.getMessage(), e.status());
    }
  }

  private void setupPage(Context ctx, String code, String problem, int status) {
    if (!console.setupPending()) {
      ctx.redirect("/sign-in");
      return;
    }
    ctx.status(status);
    view.render(ctx, "setup", "Set the admin password", Map.of("formToken",
        Cookies.formToken(ctx), "code", code == null ? "" : code, "problem", problem));
  }

  private void setUp(Context ctx) {
    String code = ctx.formParam("code");
    String password = ctx.formParam("password");
    if (password == null || !password.equals(ctx.formParam("passwordAgain"))) {
      setupPage(ctx, code, "The two passwords differ: type the same one twice.", 400);
      return;
    }
    try {
      console.setUp(code, password);
      ctx.redirect("/sign-in", io.javalin.http.HttpStatus.SEE_OTHER);
    } catch (NearlineException e) {
      if (e.status() == 403) {
        throw e; // a used or wrong link: nothing to fill in again
      }
      String problem = e.fields().isEmpty() ? e.getMessage()
          : "The password " + e.fields().values().iterator().next() + ".";
      setupPage(ctx, code, problem, e.status());
    }
  }

  /** Only a path on this server: a sign-in link must not send anyone elsewhere. */
  static String safeNext(String next) {
    // No second slash or backslash after the first, and nothing a browser drops or bends
    // (tabs, newlines, spaces): "/\t/evil.example" would become "//evil.example".
    return next != null && next.matches("/(?![/\\\\])[A-Za-z0-9/_.?=&%~+:,;@!'()*-]*")
        ? next : "/";
  }
}
