package io.nearline.server.api;

import io.javalin.http.Context;
import io.nearline.server.auth.Credentials;
import io.nearline.services.NearlineException;
import io.nearline.services.web.Access;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Routes;
import java.util.Optional;

/**
 * Admits a request to its route: a live credential in {@code Authorization: Bearer}, allowed
 * what the route declares. It runs before the route's handler, so neither refusal (401 without
 * a credential, 403 without the right) depends on whether what the request names exists.
 */
final class Authentication implements Routes.Guard {
  /** Where the admitted caller is kept on the request, for the audit log. */
  static final String CALLER = Caller.ATTRIBUTE;

  private final Credentials credentials;

  Authentication(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public void admit(Context ctx, Access access) {
    if (access instanceof Access.Anyone) {
      return;
    }
    Optional<Caller> caller = credentials.authenticate(bearer(ctx));
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
