package io.nearline.wizard;

import io.javalin.http.Context;
import io.nearline.services.console.Session;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The console's cookies: never readable by scripts, never sent from another site, and over TLS
 * never sent in clear. (Without TLS the API listens on loopback only, where a browser would not
 * send a Secure cookie back to 127.0.0.1.)
 */
final class Cookies {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Cookies() {}

  static void set(Context ctx, String name, String value, int maxAgeSeconds) {
    ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict"
        + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "")
        + ("https".equals(ctx.scheme()) ? "; Secure" : ""));
  }

  static void clear(Context ctx, String name) {
    set(ctx, name, "", 0);
  }

  /** The token a form sent before sign-in carries, kept in its own cookie (double submit). */
  static String formToken(Context ctx) {
    String token = ctx.cookie(Session.FORM_COOKIE);
    if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      set(ctx, Session.FORM_COOKIE, token, -1);
    }
    return token;
  }
}
