package io.nearline.server.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.nearline.common.config.InvalidConfigException;
import io.nearline.common.json.Json;
import io.nearline.server.auth.AuditLog;
import io.nearline.server.auth.ConsoleAccess;
import io.nearline.server.auth.Credentials;
import io.nearline.server.auth.TlsIdentity;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.web.OpenApi;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server: the REST API, and whatever pages and assets modules bring (Javalin on
 * Jetty). Each module registers its own routes; every API route carries its description, and
 * {@code GET /api/openapi.json} is made from the routes themselves. Every route says who may
 * call it, and each call is admitted (or refused, 401 or 403) before its handler runs. Errors are
 * {@code {"error": "...", "fields": {...}}} with a 4xx or 5xx status.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  public static final String VERSION = "0.1.0";

  private final Javalin app;
  private final List<WebModule> modules;
  private final String host;
  private final int port;

  /** @param tls the key and certificate to serve with; null for plain HTTP (loopback only) */
  public ApiServer(String host, int port, Nearline services, List<WebModule> modules,
      Credentials credentials, ConsoleAccess console, AuditLog audit, TlsIdentity tls) {
    this.host = host;
    this.port = port;
    this.modules = List.copyOf(modules);
    this.app = Javalin.create(config -> {
      if (tls != null) {
        config.jetty.addConnector((server, http) ->
            HttpsConnector.create(server, http, tls, host, port));
      }
      config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
      config.startup.showJavalinBanner = false;
      config.http.prefer405over404 = true;
      Routes routes = new Routes(config, new Authentication(credentials, console),
          new AuditRecorder(audit));
      modules.forEach(m -> m.register(routes, services));
      routes.get("/api/openapi.json", RouteDoc.viewer("This description of the API (OpenAPI 3)")
          .answers(Map.class), ctx -> ctx.json(OpenApi.describe(endpoints(), VERSION)));
      config.routes.exception(NearlineException.class, (e, ctx) ->
          error(ctx, e.status(), e.getMessage(), e.fields()));
      config.routes.exception(InvalidConfigException.class, (e, ctx) ->
          error(ctx, 400, e.getMessage(), e.fields()));
      config.routes.exception(HttpResponseException.class, (e, ctx) ->
          error(ctx, e.getStatus(), switch (e.getStatus()) {
            case 404 -> "no such resource: " + ctx.method() + " " + ctx.path();
            case 405 -> ctx.method() + " is not supported on " + ctx.path();
            default -> e.getMessage() + ": " + ctx.method() + " " + ctx.path();
          }, Map.of()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, "internal error: " + e, Map.of());
      });
    });
  }

  private static void error(Context ctx, int status, String message, Map<String, String> fields) {
    Routes.ErrorPage page = ctx.attribute(Routes.PAGE_ERRORS);
    if (page != null) {
      ctx.status(status);
      page.render(ctx, status, message);
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (!fields.isEmpty()) {
      body.put("fields", fields);
    }
    ctx.status(status).json(body);
  }

  /** Every route the server answers, as the router holds it. */
  public List<Endpoint> endpoints() {
    return app.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint).toList();
  }

  public void start() {
    app.start(host, port);
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    modules.forEach(WebModule::stop);
  }
}
