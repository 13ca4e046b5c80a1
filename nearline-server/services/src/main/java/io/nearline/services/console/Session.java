package io.nearline.services.console;

import io.nearline.services.web.Caller;
import java.time.Instant;

/**
 * A person signed in to the console.
 *
 * @param id the secret the session cookie carries
 * @param caller who it is, with the role every page and form is checked against
 * @param csrf the token every form of this session must send back
 * @param source {@code local} for the local admin, {@code directory} for an LDAP bind
 */
public record Session(String id, Caller caller, String csrf, String source, Instant signedInAt) {
  /** The cookie that carries a session's id. */
  public static final String COOKIE = "nearline_session";
  /** The cookie that carries the CSRF token of a form sent before signing in. */
  public static final String FORM_COOKIE = "nearline_form";
  /** The form field (or {@code X-CSRF-Token} header) every form sends its token in. */
  public static final String CSRF_FIELD = "csrf";
  /** The request attribute the guard keeps a console request's session in. */
  public static final String ATTRIBUTE = "nearline.session";

  /** This request's console session; null for a token's request or before sign-in. */
  public static Session of(io.javalin.http.Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }

  @Override
  public String toString() { // never the secrets
    return "Session[" + caller.name() + ", " + source + ", since " + signedInAt + "]";
  }
}
