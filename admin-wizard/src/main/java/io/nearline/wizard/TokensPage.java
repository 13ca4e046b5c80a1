package io.nearline.wizard;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.console.TokenView;
import io.nearline.services.web.Access;
import io.nearline.services.web.Role;
import io.nearline.services.web.Routes;
import java.util.HashMap;
import java.util.Map;

/**
 * API tokens for people and tools: listed, made (the secret shown once, in the answer to the
 * form, never in a link) and revoked, by admins.
 */
final class TokensPage {
  private final View view;
  private final Nearline services;

  TokensPage(View view, Nearline services) {
    this.view = view;
    this.services = services;
  }

  void register(Routes routes) {
    routes.page("/tokens", Access.ADMIN, ctx -> show(ctx, null, Map.of(), 200))
        .form("/tokens", Access.ADMIN, ctx -> {
          try {
            TokenView made = services.console().createToken(Forms.param(ctx, "name"),
                Role.parse(Forms.param(ctx, "role")));
            show(ctx, made, Map.of(), 201);
          } catch (NearlineException e) {
            show(ctx, null, Forms.errors(e, field -> "name"), e.status());
          }
        })
        .form("/tokens/revoke", Access.ADMIN, ctx -> {
          services.console().revokeToken(Forms.param(ctx, "name"));
          ctx.redirect("/tokens", HttpStatus.SEE_OTHER);
        });
  }

  private void show(Context ctx, TokenView made, Map<String, String> errors, int status) {
    Map<String, Object> values = new HashMap<>(Map.of("tokens", services.console().tokens(),
        "errors", errors, "made", made != null));
    if (made != null) {
      values.put("token", made);
    }
    ctx.status(status);
    ctx.header("Cache-Control", "no-store"); // a page with a secret is not kept
    view.render(ctx, "tokens", "API tokens", values);
  }
}
