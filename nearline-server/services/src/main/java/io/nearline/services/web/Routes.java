package io.nearline.services.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;
import io.nearline.common.config.InvalidConfigException;
import io.nearline.common.config.Validation;
import io.nearline.common.json.Json;
import io.nearline.services.NearlineException;
import java.util.Map;
import java.util.Set;

/**
 * Where a {@link WebModule} registers what it serves. API routes carry their {@link RouteDoc};
 * pages and assets are served by the same server, outside the API's description.
 */
public final class Routes {
  /** Marks a server-rendered page: HTML for people, not part of the API. */
  public record Page() implements EndpointMetadata {}

  private final JavalinConfig config;

  public Routes(JavalinConfig config) {
    this.config = config;
  }

  public Routes get(String path, RouteDoc doc, Handler handler) {
    return add(HandlerType.GET, path, doc, handler);
  }

  public Routes post(String path, RouteDoc doc, Handler handler) {
    return add(HandlerType.POST, path, doc, handler);
  }

  public Routes delete(String path, RouteDoc doc, Handler handler) {
    return add(HandlerType.DELETE, path, doc, handler);
  }

  /** A server-rendered page, answered with HTML. */
  public Routes page(String path, Handler handler) {
    return add(HandlerType.GET, path, new Page(), handler);
  }

  /** Files on the class path under {@code directory}, served at {@code path}. */
  public Routes assets(String path, String directory) {
    config.staticFiles.add(files -> {
      files.hostedPath = path;
      files.directory = directory;
      files.location = Location.CLASSPATH;
    });
    return this;
  }

  private Routes add(HandlerType method, String path, EndpointMetadata doc, Handler handler) {
    config.routes.addEndpoint(new Endpoint(method, path, handler, Set.of(doc)));
    return this;
  }

  /**
   * A request's body as {@code type}: read strictly (an unknown field is refused, named) and
   * validated; what is wrong is answered 400, field by field, the same on every route.
   */
  public static <T> T body(Context ctx, Class<T> type) {
    String text = ctx.body();
    try {
      T value = Json.read(text.isBlank() ? "{}" : text, type);
      if (value instanceof Record record) {
        Map<String, String> problems = Validation.problems(record);
        if (!problems.isEmpty()) {
          throw new InvalidConfigException(problems);
        }
      }
      return value;
    } catch (InvalidConfigException e) {
      throw new NearlineException(400, "invalid " + type.getSimpleName() + ": "
          + e.getMessage(), e.fields(), e);
    }
  }
}
