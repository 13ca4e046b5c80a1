package io.nearline.server.api;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import io.nearline.server.auth.Credentials;
import io.nearline.services.Nearline;
import io.nearline.services.web.Role;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;

/** API tokens: made (the secret shown once), listed, revoked. Admins only. */
public final class TokenRoutes implements WebModule {
  private final Credentials credentials;

  public TokenRoutes(Credentials credentials) {
    this.credentials = credentials;
  }

  /** A token to make. */
  public record TokenRequest(
      @Describe("Its name, as the audit log shows who did what") @Check.Required String name,
      @Describe("viewer, operator or admin") @Check.Required String role) {}

  /** A token just made: the only answer that carries its secret. */
  public record NewToken(String name, String role, String token) {}

  /** What revoking a token answers. */
  public record Revoked(String revoked) {}

  @Override
  public void register(Routes routes, Nearline services) {
    routes.get("/api/tokens", RouteDoc.admin("Live tokens, without their secrets")
            .answersListOf(Credentials.TokenInfo.class), ctx -> ctx.json(credentials.tokens()))
        .post("/api/tokens", RouteDoc.admin("Make a token; its secret is in this answer only")
            .takes(TokenRequest.class).answers(NewToken.class).status(201), ctx -> {
              TokenRequest r = Routes.body(ctx, TokenRequest.class);
              Credentials.Issued t = credentials.createToken(r.name(), Role.parse(r.role()));
              ctx.status(201).json(new NewToken(t.name(), t.role().label(),
                  t.token().reveal()));
            })
        .delete("/api/tokens/{name}", RouteDoc.admin("Revoke a token: its next call is refused")
            .answers(Revoked.class), ctx -> {
              credentials.revokeToken(ctx.pathParam("name"));
              ctx.json(new Revoked(ctx.pathParam("name")));
            });
  }
}
