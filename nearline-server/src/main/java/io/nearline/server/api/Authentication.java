package io.nearline.server.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.nearline.server.auth.ConsoleAccess;
import io.nearline.server.auth.Credentials;
import io.nearline.services.NearlineException;
import io.nearline.services.console.Session;
import io.nearline.services.web.Access;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Routes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Admits a request to its route: a live credential in {@code Authorization: Bearer}, or on the
 * console's pages and forms a signed-in session's cookie, allowed what the route declares. It
 * runs before the route's handler, so neither refusal (401 without a credential, 403 without the
 * right) depends on whether what the request names exists. Every form must carry its CSRF token:
 * the session's once signed in, before that the one in the form's own cookie.
 */
final class Authentication implements Routes.Guard {
  /** Where the admitted caller is kept on the request, for the audit log. */
  static final String CALLER = Caller.ATTRIBUTE;

  private final Credentials credentials;
  private final ConsoleAccess console;

  Authentication(Credentials credentials, ConsoleAccess console) {
    this.credentials = credentials;
    this.console = console;
  }

  @Override
  public void admit(Context ctx, Access access, boolean page) {
    boolean form = page && ctx.method() == HandlerType.POST;
    if (access instanceof Access.Anyone) {
      if (form) {
        requireToken(ctx, ctx.cookie(Session.FORM_COOKIE));
      }
      return;
    }
    String bearer = bearer(ctx);
    Optional<Caller> caller;
    if (bearer == null && page) {
      Session session = console.session(ctx.cookie(Session.COOKIE));
      if (session == null) {
        if (!form) { // a person following a link: to the sign-in page, and back after
          ctx.header("Location", "/sign-in?next=" + URLEncoder.encode(ctx.path()
              + (ctx.queryString() == null ? "" : "?" + ctx.queryString()),
              StandardCharsets.UTF_8));
          throw new NearlineException(303, "sign in first");
        }
        throw new NearlineException(401, "your session has ended: sign in again");
      }
      if (form) {
        requireToken(ctx, session.csrf());
      }
      ctx.attribute(Session.ATTRIBUTE, session);
      caller = Optional.of(session.caller());
    } else {
      caller = credentials.authenticate(bearer);
    }
    if (caller.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new NearlineException(401, "authentication required: send a valid token as "
          + "'Authorization: Bearer <token>'");
    }
    ctx.attribute(CALLER, caller.get());
    if (!caller.get().may(access, ctx.pathParamMap().get("name"))) {
      throw new NearlineException(403, refusal(caller.get(), access));
    }
  }

  /** Refuses a form whose CSRF token is missing or not {@code expected}. */
  private static void requireToken(Context ctx, String expected) {
    String sent = ctx.header("X-CSRF-Token");
    if (sent == null) {
      sent = ctx.formParam(Session.CSRF_FIELD);
    }
    if (expected == null || sent == null || !MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
      throw new NearlineException(403, "this form was not sent from the page Nearline served "
          + "(its CSRF token is missing or wrong): reload the page and try again");
    }
  }

  private static String refusal(Caller caller, Access access) {
    if (access instanceof Access.AtLeast a) {
      return caller.role() == null ? "not permitted: a log-reading credential reads log files only"
          : "not permitted: this needs the " + a.role().label() + " role; token '"
              + caller.name() + "' is " + caller.role().label();
    }
    return "not permitted: only the credential made for this server's standby or surrogate "
        + "reads its log";
  }

  private static String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).strip() : null;
  }
}
